//! The installer's host-name field: echoes what is typed, Latin-1 included
//! (so ¥ from a JIS keyboard shows), and tracks the Japanese input-mode keys.

const MAX_FIELD: usize = 48;
const XK_BACKSPACE: u32 = 0xff08;
const XK_MUHENKAN: u32 = 0xff22;
const XK_HENKAN: u32 = 0xff23;
const XK_HIRAGANA_KATAKANA: u32 = 0xff27;
const XK_ZENKAKU_HANKAKU: u32 = 0xff2a;

#[derive(Debug, Clone, Default)]
pub(crate) struct InstallerField {
    text: String,
    kana: bool,
}

impl InstallerField {
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the Japanese input mode is on (半角/全角, 変換 and
    /// カタカナ/ひらがな turn it on, 無変換 off).
    pub fn kana(&self) -> bool {
        self.kana
    }

    /// Applies a key-down keysym; returns whether the screen changed.
    pub fn key_down(&mut self, keysym: u32) -> bool {
        match keysym {
            0x20..=0x7e | 0xa0..=0xff => {
                let Some(ch) = char::from_u32(keysym) else {
                    return false;
                };
                if self.text.chars().count() >= MAX_FIELD {
                    return false;
                }
                self.text.push(ch);
                true
            }
            XK_BACKSPACE => self.text.pop().is_some(),
            XK_ZENKAKU_HANKAKU => {
                self.kana = !self.kana;
                true
            }
            XK_HENKAN | XK_HIRAGANA_KATAKANA => !std::mem::replace(&mut self.kana, true),
            XK_MUHENKAN => std::mem::replace(&mut self.kana, false),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoes_latin1_and_tracks_the_input_mode() {
        let mut f = InstallerField::default();
        for k in [u32::from('a'), 0xa5, u32::from('_')] {
            assert!(f.key_down(k));
        }
        assert_eq!(f.text(), "a¥_");
        assert!(f.key_down(XK_ZENKAKU_HANKAKU));
        assert!(f.kana());
        assert!(!f.key_down(XK_HENKAN), "already on");
        assert!(f.key_down(XK_MUHENKAN));
        assert!(!f.kana());
        assert!(f.key_down(XK_BACKSPACE));
        assert_eq!(f.text(), "a¥");
        assert!(!f.key_down(0x0100_65e5), "beyond Latin-1 is not typed");
    }
}
