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
                PasteOutcome::Text(e) => ConsoleError::new(Problem::Refused, e.to_string()),
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
