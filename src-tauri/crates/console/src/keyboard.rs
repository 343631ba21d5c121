//! From the keys a user presses (DOM `KeyboardEvent.code`, the physical key) to
//! the X11 keysyms RFB carries, for US and Japanese (JIS) keyboards.
//!
//! The physical key is used rather than the character the host OS produced,
//! because the console must type what the *server's* layout expects: a JIS
//! user on a US-configured laptop still means `¥` when pressing the ¥ key.

use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    #[default]
    Us,
    Jis,
}

impl Layout {
    pub fn parse(text: &str) -> Option<Layout> {
        match text.to_ascii_lowercase().as_str() {
            "us" | "en-us" => Some(Layout::Us),
            "jis" | "jp" | "ja" => Some(Layout::Jis),
            _ => None,
        }
    }
}

pub mod keysym {
    pub const BACKSPACE: u32 = 0xff08;
    pub const TAB: u32 = 0xff09;
    pub const RETURN: u32 = 0xff0d;
    pub const PAUSE: u32 = 0xff13;
    pub const SCROLL_LOCK: u32 = 0xff14;
    pub const SYS_REQ: u32 = 0xff15;
    pub const ESCAPE: u32 = 0xff1b;
    pub const MUHENKAN: u32 = 0xff22;
    pub const HENKAN: u32 = 0xff23;
    pub const HIRAGANA_KATAKANA: u32 = 0xff27;
    pub const ZENKAKU_HANKAKU: u32 = 0xff2a;
    pub const EISU_TOGGLE: u32 = 0xff30;
    pub const HOME: u32 = 0xff50;
    pub const LEFT: u32 = 0xff51;
    pub const UP: u32 = 0xff52;
    pub const RIGHT: u32 = 0xff53;
    pub const DOWN: u32 = 0xff54;
    pub const PAGE_UP: u32 = 0xff55;
    pub const PAGE_DOWN: u32 = 0xff56;
    pub const END: u32 = 0xff57;
    pub const PRINT: u32 = 0xff61;
    pub const INSERT: u32 = 0xff63;
    pub const MENU: u32 = 0xff67;
    pub const NUM_LOCK: u32 = 0xff7f;
    pub const KP_ENTER: u32 = 0xff8d;
    pub const KP_MULTIPLY: u32 = 0xffaa;
    pub const KP_ADD: u32 = 0xffab;
    pub const KP_SUBTRACT: u32 = 0xffad;
    pub const KP_DECIMAL: u32 = 0xffae;
    pub const KP_DIVIDE: u32 = 0xffaf;
    pub const KP_0: u32 = 0xffb0;
    pub const F1: u32 = 0xffbe;
    pub const SHIFT_L: u32 = 0xffe1;
    pub const SHIFT_R: u32 = 0xffe2;
    pub const CONTROL_L: u32 = 0xffe3;
    pub const CONTROL_R: u32 = 0xffe4;
    pub const CAPS_LOCK: u32 = 0xffe5;
    pub const ALT_L: u32 = 0xffe9;
    pub const ALT_R: u32 = 0xffea;
    pub const SUPER_L: u32 = 0xffeb;
    pub const SUPER_R: u32 = 0xffec;
    pub const DELETE: u32 = 0xffff;
    pub const YEN: u32 = 0x00a5;

    /// The keysym of a character: Latin-1 keysyms equal the code point, the
    /// rest of Unicode is offset by 0x0100_0000.
    pub fn of_char(ch: char) -> u32 {
        let c = u32::from(ch);
        if (0x20..=0x7e).contains(&c) || (0xa0..=0xff).contains(&c) {
            c
        } else {
            0x0100_0000 | c
        }
    }
}

/// The (unshifted, shifted) characters of the keys whose meaning differs by layout.
fn symbol_pair(code: &str, layout: Layout) -> Option<(char, Option<char>)> {
    let us = match code {
        "Digit1" => ('1', '!'),
        "Digit2" => ('2', '@'),
        "Digit3" => ('3', '#'),
        "Digit4" => ('4', '$'),
        "Digit5" => ('5', '%'),
        "Digit6" => ('6', '^'),
        "Digit7" => ('7', '&'),
        "Digit8" => ('8', '*'),
        "Digit9" => ('9', '('),
        "Digit0" => ('0', ')'),
        "Minus" => ('-', '_'),
        "Equal" => ('=', '+'),
        "BracketLeft" => ('[', '{'),
        "BracketRight" => (']', '}'),
        "Backslash" | "IntlBackslash" => ('\\', '|'),
        "Semicolon" => (';', ':'),
        "Quote" => ('\'', '"'),
        "Backquote" => ('`', '~'),
        "Comma" => (',', '<'),
        "Period" => ('.', '>'),
        "Slash" => ('/', '?'),
        "Space" => (' ', ' '),
        _ => return jis_only(code, layout),
    };
    if layout == Layout::Us {
        return Some((us.0, Some(us.1)));
    }
    let jis = match code {
        "Digit2" => ('2', Some('"')),
        "Digit6" => ('6', Some('&')),
        "Digit7" => ('7', Some('\'')),
        "Digit8" => ('8', Some('(')),
        "Digit9" => ('9', Some(')')),
        // Shift+0 types nothing on a JIS keyboard.
        "Digit0" => ('0', None),
        "Minus" => ('-', Some('=')),
        "Equal" => ('^', Some('~')),
        "BracketLeft" => ('@', Some('`')),
        "BracketRight" => ('[', Some('{')),
        "Backslash" => (']', Some('}')),
        "Semicolon" => (';', Some('+')),
        "Quote" => (':', Some('*')),
        // On JIS this position is 半角/全角, handled as a named key.
        "Backquote" => return None,
        _ => (us.0, Some(us.1)),
    };
    Some(jis)
}

fn jis_only(code: &str, layout: Layout) -> Option<(char, Option<char>)> {
    match (code, layout) {
        ("IntlYen", Layout::Jis) => Some(('¥', Some('|'))),
        ("IntlRo", Layout::Jis) => Some(('\\', Some('_'))),
        // Brazilian/other keyboards also report these; on US they are extra keys.
        ("IntlYen", Layout::Us) => Some(('\\', Some('|'))),
        ("IntlRo", Layout::Us) => Some(('/', Some('?'))),
        _ => None,
    }
}

/// Keys that mean the same on every layout (plus the JIS-only named keys).
fn named_key(code: &str, layout: Layout) -> Option<u32> {
    use keysym::*;
    if let Some(n) = code.strip_prefix('F').and_then(|n| n.parse::<u32>().ok()) {
        return (1..=24).contains(&n).then(|| F1 + n - 1);
    }
    if let Some(n) = code
        .strip_prefix("Numpad")
        .and_then(|n| n.parse::<u32>().ok())
    {
        return (n <= 9).then(|| KP_0 + n);
    }
    Some(match code {
        "Escape" => ESCAPE,
        "Tab" => TAB,
        "Enter" => RETURN,
        "Backspace" => BACKSPACE,
        "Delete" => DELETE,
        "Insert" => INSERT,
        "Home" => HOME,
        "End" => END,
        "PageUp" => PAGE_UP,
        "PageDown" => PAGE_DOWN,
        "ArrowLeft" => LEFT,
        "ArrowUp" => UP,
        "ArrowRight" => RIGHT,
        "ArrowDown" => DOWN,
        "ShiftLeft" => SHIFT_L,
        "ShiftRight" => SHIFT_R,
        "ControlLeft" => CONTROL_L,
        "ControlRight" => CONTROL_R,
        "AltLeft" => ALT_L,
        "AltRight" => ALT_R,
        "MetaLeft" | "OSLeft" => SUPER_L,
        "MetaRight" | "OSRight" => SUPER_R,
        "CapsLock" => CAPS_LOCK,
        "ContextMenu" => MENU,
        "PrintScreen" => PRINT,
        "ScrollLock" => SCROLL_LOCK,
        "Pause" => PAUSE,
        "NumLock" => NUM_LOCK,
        "NumpadEnter" => KP_ENTER,
        "NumpadAdd" => KP_ADD,
        "NumpadSubtract" => KP_SUBTRACT,
        "NumpadMultiply" => KP_MULTIPLY,
        "NumpadDivide" => KP_DIVIDE,
        "NumpadDecimal" => KP_DECIMAL,
        "Convert" => HENKAN,
        "NonConvert" => MUHENKAN,
        "KanaMode" | "Lang1" => HIRAGANA_KATAKANA,
        "Lang2" => EISU_TOGGLE,
        "Backquote" if layout == Layout::Jis => ZENKAKU_HANKAKU,
        _ => return None,
    })
}

/// The keysym for a physical key. `key` is the DOM `KeyboardEvent.key`, used
/// only to honour Caps Lock on letters. None: a key RFB has no keysym for.
pub fn keysym_for(code: &str, key: &str, shift: bool, layout: Layout) -> Option<u32> {
    if let Some(letter) = code.strip_prefix("Key").filter(|l| l.len() == 1) {
        let ch = letter.chars().next()?.to_ascii_lowercase();
        if !ch.is_ascii_lowercase() {
            return None;
        }
        let shown = key
            .chars()
            .next()
            .filter(|k| key.len() == 1 && k.eq_ignore_ascii_case(&ch));
        let ch = shown.unwrap_or(if shift { ch.to_ascii_uppercase() } else { ch });
        return Some(u32::from(ch));
    }
    if let Some(named) = named_key(code, layout) {
        return Some(named);
    }
    let (plain, shifted) = symbol_pair(code, layout)?;
    let ch = if shift {
        shifted.unwrap_or(plain)
    } else {
        plain
    };
    Some(keysym::of_char(ch))
}

/// One key press or release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyStroke {
    pub keysym: u32,
    pub down: bool,
}

/// The longest text pasted in one go: a person pastes a command, not a file.
pub const MAX_PASTE: usize = 8192;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PasteError {
    #[error("the text has {0} characters; at most {MAX_PASTE} can be typed at once")]
    TooLong(usize),
    #[error("these characters cannot be typed on a {layout:?} keyboard: {chars}")]
    Untypeable { layout: Layout, chars: String },
}

/// The physical key and Shift state that type `ch` on `layout`.
fn key_for_char(ch: char, layout: Layout) -> Option<bool> {
    if ch.is_ascii_alphabetic() {
        return Some(ch.is_ascii_uppercase());
    }
    const CODES: [&str; 25] = [
        "Digit1",
        "Digit2",
        "Digit3",
        "Digit4",
        "Digit5",
        "Digit6",
        "Digit7",
        "Digit8",
        "Digit9",
        "Digit0",
        "Minus",
        "Equal",
        "BracketLeft",
        "BracketRight",
        "Backslash",
        "Semicolon",
        "Quote",
        "Backquote",
        "Comma",
        "Period",
        "Slash",
        "Space",
        "IntlYen",
        "IntlRo",
        "IntlBackslash",
    ];
    CODES.iter().find_map(|code| {
        let (plain, shifted) = symbol_pair(code, layout)?;
        if plain == ch {
            Some(false)
        } else if shifted == Some(ch) {
            Some(true)
        } else {
            None
        }
    })
}

/// Keystrokes that type `text` as if on a `layout` keyboard, with Shift held
/// around the characters that need it (servers that map keysyms back to key
/// codes, QEMU among them, need the modifier to be real).
pub fn type_text(text: &str, layout: Layout) -> Result<Vec<KeyStroke>, PasteError> {
    let count = text.chars().count();
    if count > MAX_PASTE {
        return Err(PasteError::TooLong(count));
    }
    let mut strokes = Vec::with_capacity(count * 2);
    let mut untypeable = String::new();
    let press = |keysym: u32, shift: bool, strokes: &mut Vec<KeyStroke>| {
        if shift {
            strokes.push(KeyStroke {
                keysym: keysym::SHIFT_L,
                down: true,
            });
        }
        strokes.push(KeyStroke { keysym, down: true });
        strokes.push(KeyStroke {
            keysym,
            down: false,
        });
        if shift {
            strokes.push(KeyStroke {
                keysym: keysym::SHIFT_L,
                down: false,
            });
        }
    };
    // Windows line ends paste as one Return, not two.
    for ch in text.replace("\r\n", "\n").chars() {
        match ch {
            '\n' | '\r' => press(keysym::RETURN, false, &mut strokes),
            '\t' => press(keysym::TAB, false, &mut strokes),
            _ => match key_for_char(ch, layout) {
                Some(shift) => press(keysym::of_char(ch), shift, &mut strokes),
                None if !untypeable.contains(ch) => untypeable.push(ch),
                None => {}
            },
        }
    }
    if untypeable.is_empty() {
        Ok(strokes)
    } else {
        Err(PasteError::Untypeable {
            layout,
            chars: untypeable,
        })
    }
}

/// Key combinations a desktop would otherwise keep for itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Combo {
    CtrlAltDel,
    CtrlAltBackspace,
    CtrlAltF1,
    CtrlAltF2,
    CtrlAltF7,
    AltTab,
    AltF4,
    AltSysRqB,
    PrintScreen,
    Super,
    ZenkakuHankaku,
    Henkan,
    Muhenkan,
    HiraganaKatakana,
}

impl Combo {
    pub const ALL: [Combo; 14] = [
        Combo::CtrlAltDel,
        Combo::CtrlAltBackspace,
        Combo::CtrlAltF1,
        Combo::CtrlAltF2,
        Combo::CtrlAltF7,
        Combo::AltTab,
        Combo::AltF4,
        Combo::AltSysRqB,
        Combo::PrintScreen,
        Combo::Super,
        Combo::ZenkakuHankaku,
        Combo::Henkan,
        Combo::Muhenkan,
        Combo::HiraganaKatakana,
    ];

    /// The keys held together, pressed in order.
    pub fn keys(self) -> Vec<u32> {
        use keysym::*;
        match self {
            Combo::CtrlAltDel => vec![CONTROL_L, ALT_L, DELETE],
            Combo::CtrlAltBackspace => vec![CONTROL_L, ALT_L, BACKSPACE],
            Combo::CtrlAltF1 => vec![CONTROL_L, ALT_L, F1],
            Combo::CtrlAltF2 => vec![CONTROL_L, ALT_L, F1 + 1],
            Combo::CtrlAltF7 => vec![CONTROL_L, ALT_L, F1 + 6],
            Combo::AltTab => vec![ALT_L, TAB],
            Combo::AltF4 => vec![ALT_L, F1 + 3],
            Combo::AltSysRqB => vec![ALT_L, SYS_REQ, u32::from('b')],
            Combo::PrintScreen => vec![PRINT],
            Combo::Super => vec![SUPER_L],
            Combo::ZenkakuHankaku => vec![ZENKAKU_HANKAKU],
            Combo::Henkan => vec![HENKAN],
            Combo::Muhenkan => vec![MUHENKAN],
            Combo::HiraganaKatakana => vec![HIRAGANA_KATAKANA],
        }
    }

    /// Press every key in order, then release them in reverse.
    pub fn strokes(self) -> Vec<KeyStroke> {
        let keys = self.keys();
        let downs = keys.iter().map(|&keysym| KeyStroke { keysym, down: true });
        let ups = keys.iter().rev().map(|&keysym| KeyStroke {
            keysym,
            down: false,
        });
        downs.chain(ups).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jis_positions_differ_from_us() {
        let k = |code, shift, layout| keysym_for(code, "", shift, layout);
        assert_eq!(k("Digit2", true, Layout::Us), Some(u32::from('@')));
        assert_eq!(k("Digit2", true, Layout::Jis), Some(u32::from('"')));
        assert_eq!(k("BracketLeft", false, Layout::Jis), Some(u32::from('@')));
        assert_eq!(k("Quote", true, Layout::Jis), Some(u32::from('*')));
        assert_eq!(k("IntlYen", false, Layout::Jis), Some(keysym::YEN));
        assert_eq!(k("IntlYen", true, Layout::Jis), Some(u32::from('|')));
        assert_eq!(k("IntlRo", true, Layout::Jis), Some(u32::from('_')));
        assert_eq!(k("IntlRo", false, Layout::Jis), Some(u32::from('\\')));
    }

    #[test]
    fn japanese_ime_keys_have_their_own_keysyms() {
        let k = |code| keysym_for(code, "", false, Layout::Jis);
        assert_eq!(k("Backquote"), Some(keysym::ZENKAKU_HANKAKU));
        assert_eq!(k("Convert"), Some(keysym::HENKAN));
        assert_eq!(k("NonConvert"), Some(keysym::MUHENKAN));
        assert_eq!(k("KanaMode"), Some(keysym::HIRAGANA_KATAKANA));
        // The same position is ` on a US keyboard.
        assert_eq!(
            keysym_for("Backquote", "", false, Layout::Us),
            Some(u32::from('`'))
        );
    }

    #[test]
    fn letters_follow_shift_and_caps_lock() {
        assert_eq!(
            keysym_for("KeyA", "a", false, Layout::Us),
            Some(u32::from('a'))
        );
        assert_eq!(
            keysym_for("KeyA", "", true, Layout::Us),
            Some(u32::from('A'))
        );
        // Caps Lock on: the DOM reports "A" without Shift.
        assert_eq!(
            keysym_for("KeyA", "A", false, Layout::Jis),
            Some(u32::from('A'))
        );
        assert_eq!(
            keysym_for("F5", "", false, Layout::Us),
            Some(keysym::F1 + 4)
        );
        assert_eq!(
            keysym_for("Numpad7", "", false, Layout::Us),
            Some(keysym::KP_0 + 7)
        );
        assert_eq!(keysym_for("Fn", "", false, Layout::Us), None);
    }

    #[test]
    fn pasted_text_holds_shift_where_the_layout_needs_it() {
        let strokes = type_text("a_\"", Layout::Jis).expect("typeable");
        let shift = |down| KeyStroke {
            keysym: keysym::SHIFT_L,
            down,
        };
        let key = |c: char, down| KeyStroke {
            keysym: u32::from(c),
            down,
        };
        assert_eq!(
            strokes,
            vec![
                key('a', true),
                key('a', false),
                shift(true),
                key('_', true),
                key('_', false),
                shift(false),
                shift(true),
                key('"', true),
                key('"', false),
                shift(false),
            ]
        );
        // '@' is Shift+2 on US but unshifted on JIS.
        assert_eq!(type_text("@", Layout::Jis).expect("jis").len(), 2);
        assert_eq!(type_text("@", Layout::Us).expect("us").len(), 4);
        assert_eq!(type_text("¥", Layout::Jis).expect("yen").len(), 2);
    }

    #[test]
    fn untypeable_and_oversized_pastes_are_refused_whole() {
        let err = type_text("héllo ¥ 日本", Layout::Us).expect_err("refused");
        assert_eq!(
            err,
            PasteError::Untypeable {
                layout: Layout::Us,
                chars: "é¥日本".into()
            }
        );
        let long = "x".repeat(MAX_PASTE + 1);
        assert_eq!(
            type_text(&long, Layout::Us),
            Err(PasteError::TooLong(MAX_PASTE + 1))
        );
        let lines = type_text("a\r\nb", Layout::Us).expect("lines");
        assert_eq!(
            lines.iter().filter(|s| s.keysym == keysym::RETURN).count(),
            2
        );
    }

    #[test]
    fn combos_release_in_reverse() {
        let s = Combo::CtrlAltDel.strokes();
        assert_eq!(s.len(), 6);
        assert_eq!(
            s[2],
            KeyStroke {
                keysym: keysym::DELETE,
                down: true
            }
        );
        assert_eq!(
            s[3],
            KeyStroke {
                keysym: keysym::DELETE,
                down: false
            }
        );
        assert_eq!(
            s[5],
            KeyStroke {
                keysym: keysym::CONTROL_L,
                down: false
            }
        );
    }
}
