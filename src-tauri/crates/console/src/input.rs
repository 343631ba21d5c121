//! What the UI sends a session: keys by physical position, the pointer, menu
//! combinations, pasted text and the layout to type with.

use serde::Deserialize;
use specta::Type;

use crate::error::{ConsoleError, Problem};
use crate::keyboard::{Combo, Layout};
use crate::session::{PasteOutcome, Session};

#[derive(Debug, Clone, Deserialize, Type)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Input {
    /// DOM `KeyboardEvent.code` and `.key`, Shift held, pressed or released.
    Key {
        code: String,
        key: String,
        shift: bool,
        down: bool,
    },
    /// Framebuffer coordinates and the RFB button mask (bit 0 left, 1 middle,
    /// 2 right, 3/4 wheel up/down).
    Pointer {
        x: u16,
        y: u16,
        buttons: u8,
    },
    Combo {
        combo: Combo,
    },
    Paste {
        text: String,
    },
    Layout {
        layout: Layout,
    },
    /// Ask for the whole screen again.
    Refresh,
}

impl Session {
    pub fn apply(&self, input: Input) -> Result<(), ConsoleError> {
        match input {
            Input::Key {
                code,
                key,
                shift,
                down,
            } => self.key(&code, &key, shift, down).map(drop),
            Input::Pointer { x, y, buttons } => self.pointer(x, y, buttons),
            Input::Combo { combo } => self.combo(combo),
            Input::Paste { text } => self.paste(&text).map(drop).map_err(|e| match e {
                PasteOutcome::Text(e) => ConsoleError::new(Problem::Untypeable, e.to_string()),
                PasteOutcome::Session(e) => e,
            }),
            Input::Layout { layout } => {
                self.set_layout(layout);
                Ok(())
            }
            Input::Refresh => self.refresh(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{ConsoleStatus, Sink};
    use crate::{Layout, Target, Transport};

    struct Nowhere;
    impl Sink for Nowhere {
        fn frames(&mut self, _batch: Vec<u8>) {}
        fn status(&mut self, _status: &ConsoleStatus) {}
    }

    #[tokio::test]
    async fn untypeable_paste_is_its_own_problem_and_sends_nothing() {
        // Nothing listens on port 1: the text is refused before any connection matters.
        let target = Target {
            transport: Transport::Tcp {
                host: "127.0.0.1".into(),
                port: 1,
            },
            password: None,
        };
        let session = Session::start(target, Layout::Us, Nowhere);
        let error = session
            .apply(Input::Paste {
                text: "host漢字".into(),
            })
            .expect_err("kanji cannot be typed on a US keyboard");
        assert_eq!(error.problem, Problem::Untypeable);
        assert!(error.message.contains('漢'), "{}", error.message);
        session.close().await;
    }
}
