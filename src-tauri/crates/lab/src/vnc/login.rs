//! The text console shown by `Screen::Login`: a getty-style prompt that
//! echoes what clients type.

const MAX_LINE: usize = 256;
const MAX_TYPED: usize = 4096;
const MAX_HISTORY: usize = 64;

const XK_BACKSPACE: u32 = 0xff08;
const XK_RETURN: u32 = 0xff0d;
const XK_KP_ENTER: u32 = 0xff8d;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prompt {
    Login,
    Password,
}

#[derive(Debug, Clone)]
pub(crate) struct LoginConsole {
    hostname: String,
    history: Vec<String>,
    prompt: Prompt,
    line: String,
    typed: String,
}

impl LoginConsole {
    pub fn new(hostname: &str) -> Self {
        LoginConsole {
            hostname: hostname.to_string(),
            history: vec![format!("{hostname} tty1"), String::new()],
            prompt: Prompt::Login,
            line: String::new(),
            typed: String::new(),
        }
    }

    /// Everything typed since the screen appeared; Return is '\n'.
    pub fn typed(&self) -> &str {
        &self.typed
    }

    /// Applies a key-down keysym. Returns whether the visible console changed
    /// (password characters are not echoed, like a real getty).
    pub fn key_down(&mut self, keysym: u32) -> bool {
        match keysym {
            0x20..=0x7e => {
                // Caps keep a flood of keys from growing memory without bound.
                if self.line.len() >= MAX_LINE || self.typed.len() >= MAX_TYPED {
                    return false;
                }
                let Some(ch) = char::from_u32(keysym) else {
                    return false;
                };
                self.line.push(ch);
                self.typed.push(ch);
                self.prompt == Prompt::Login
            }
            XK_BACKSPACE => {
                // `line` is always the tail of `typed`, so both lose the same char.
                if self.line.pop().is_none() {
                    return false;
                }
                self.typed.pop();
                self.prompt == Prompt::Login
            }
            XK_RETURN | XK_KP_ENTER => {
                if self.typed.len() < MAX_TYPED {
                    self.typed.push('\n');
                }
                let shown = self.current_line();
                self.history.push(shown);
                self.prompt = match self.prompt {
                    Prompt::Login => Prompt::Password,
                    Prompt::Password => {
                        self.history.push("Login incorrect".into());
                        self.history.push(String::new());
                        Prompt::Login
                    }
                };
                self.line.clear();
                let excess = self.history.len().saturating_sub(MAX_HISTORY);
                self.history.drain(..excess);
                true
            }
            _ => false,
        }
    }

    fn current_line(&self) -> String {
        match self.prompt {
            Prompt::Login => format!("{} login: {}", self.hostname, self.line),
            Prompt::Password => "Password: ".to_string(),
        }
    }

    /// The last `rows` lines of the console, the input line (with a cursor) last.
    pub fn visible_lines(&self, rows: usize) -> Vec<String> {
        let mut lines = self.history.clone();
        lines.push(format!("{}_", self.current_line()));
        let skip = lines.len().saturating_sub(rows);
        lines.split_off(skip)
    }
}
