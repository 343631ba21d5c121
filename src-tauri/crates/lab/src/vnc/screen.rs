//! What the simulated display shows, and how each screen is drawn.

use super::field::InstallerField;
use super::font::{draw_text, text_width, CELL};
use super::frame::Frame;
use super::login::LoginConsole;

/// What the simulated server's display shows. The Redfish side of the lab sets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// Server powered off: black with "No signal".
    NoSignal,
    /// POST/BIOS screen after power-on.
    Post {
        vendor: String,
        model: String,
        bios_version: String,
        serial: String,
    },
    /// Boot override to BiosSetup.
    BiosSetup {
        vendor: String,
        bios_version: String,
    },
    /// "Booting from virtual CD: <image>".
    BootingCd { image: String },
    /// An OS installer screen.
    Installer { image: String },
    /// OS console login prompt that echoes typed keys.
    Login { hostname: String },
}

const WHITE: u32 = 0xffffff;
const GREY: u32 = 0xaaaaaa;
const LIGHT_GREY: u32 = 0xc0c0c0;

/// Draws `screen`; `login` is the console state when the screen is `Login`,
/// `field` the host-name field when it is `Installer`.
pub(crate) fn render(
    screen: &Screen,
    login: Option<&LoginConsole>,
    field: Option<&InstallerField>,
    width: u16,
    height: u16,
) -> Frame {
    let (w, h) = (usize::from(width), usize::from(height));
    let cols = w / CELL;
    match screen {
        Screen::NoSignal => {
            let mut f = Frame::new(width, height, 0x000000);
            let text = "No signal";
            let (bw, bh) = (text_width(text) + 2 * CELL, 3 * CELL);
            let (bx, by) = ((w - bw.min(w)) / 2, (h - bh.min(h)) / 2);
            // A monitor-style message box, so the screen is not mistaken for a blank frame.
            f.fill(bx, by, bw, bh, 0x303030);
            f.fill(bx + 2, by + 2, bw - 4, bh - 4, 0x101010);
            draw_text(&mut f, bx + CELL, by + CELL, text, 0x9a9a9a);
            f
        }
        Screen::Post {
            vendor,
            model,
            bios_version,
            serial,
        } => {
            let mut f = Frame::new(width, height, 0x0a0a0a);
            draw_text(&mut f, CELL, CELL, vendor, WHITE);
            f.fill(CELL, 2 * CELL + CELL / 2, w - 2 * CELL, 2, 0x606060);
            let lines = [
                model.clone(),
                String::new(),
                format!("BIOS Version: {bios_version}"),
                format!("Serial Number: {serial}"),
                String::new(),
                "Memory test ... OK".into(),
                "Initializing devices ...".into(),
            ];
            for (i, line) in lines.iter().enumerate() {
                draw_text(&mut f, CELL, (4 + i) * CELL, line, LIGHT_GREY);
            }
            draw_text(&mut f, CELL, h - 3 * CELL, "Press F2 for setup", 0xffd75f);
            f
        }
        Screen::BiosSetup {
            vendor,
            bios_version,
        } => {
            let mut f = Frame::new(width, height, 0x4a5a6e);
            let title = format!("{vendor} Setup Utility");
            f.fill(0, 0, w, 2 * CELL, LIGHT_GREY);
            draw_text(&mut f, centered(&title, w), CELL / 2, &title, 0x1a2a6a);
            f.fill(0, 2 * CELL, w, 2 * CELL, 0x2a3a5e);
            draw_text(&mut f, CELL, 2 * CELL + CELL / 2, "Main  Boot  Exit", WHITE);
            let items = [
                format!("BIOS Version    {bios_version}"),
                "Boot Mode       UEFI".into(),
                "Boot Option #1  Virtual CD".into(),
                "Boot Option #2  Hard Disk".into(),
            ];
            for (i, item) in items.iter().enumerate() {
                draw_text(&mut f, 2 * CELL, (6 + 2 * i) * CELL, item, WHITE);
            }
            f.fill(0, h - 2 * CELL, w, 2 * CELL, LIGHT_GREY);
            let help = "F10: Save and Exit  Esc: Exit";
            draw_text(&mut f, CELL, h - 2 * CELL + CELL / 2, help, 0x1a2a6a);
            f
        }
        Screen::BootingCd { image } => {
            let mut f = Frame::new(width, height, 0x000000);
            let text = format!("Booting from virtual CD: {image}");
            for (i, line) in wrap(&text, cols).iter().enumerate() {
                draw_text(&mut f, 0, (1 + i) * CELL, line, GREY);
            }
            f
        }
        Screen::Installer { image } => {
            let mut f = Frame::new(width, height, 0x1d4f91);
            let title = "Operating System Installer";
            draw_text(&mut f, centered(title, w), 2 * CELL, title, WHITE);
            let (px, py, pw, ph) = (3 * CELL, 5 * CELL, w - 6 * CELL, h - 10 * CELL);
            f.fill(px, py, pw, ph, 0xe8e8e8);
            let mut row = py + CELL;
            draw_text(&mut f, px + CELL, row, "Installing from:", 0x202020);
            for line in wrap(image, (pw / CELL).saturating_sub(2)) {
                row += CELL;
                draw_text(&mut f, px + CELL, row, &line, 0x1d4f91);
            }
            row += 2 * CELL;
            draw_text(&mut f, px + CELL, row, "Copying files ...", 0x202020);
            row += 2 * CELL;
            let bar = pw - 2 * CELL;
            f.fill(px + CELL, row, bar, CELL, 0x909090);
            f.fill(px + CELL, row, bar * 2 / 5, CELL, 0x3a7bd5);
            row += 3 * CELL;
            let typed = field.map_or("", InstallerField::text);
            draw_text(
                &mut f,
                px + CELL,
                row,
                &format!("Host name: {typed}_"),
                0x202020,
            );
            row += 2 * CELL;
            let mode = if field.is_some_and(InstallerField::kana) {
                "Input mode: Japanese (kana)"
            } else {
                "Input mode: Direct (A)"
            };
            draw_text(&mut f, px + CELL, row, mode, 0x505050);
            f
        }
        Screen::Login { hostname } => {
            let mut f = Frame::new(width, height, 0x000000);
            let fallback;
            let console = match login {
                Some(console) => console,
                None => {
                    fallback = LoginConsole::new(hostname);
                    &fallback
                }
            };
            for (i, line) in console.visible_lines(h / CELL).iter().enumerate() {
                draw_text(&mut f, 0, i * CELL, line, GREY);
            }
            f
        }
    }
}

fn centered(text: &str, width: usize) -> usize {
    width.saturating_sub(text_width(text)) / 2
}

/// Splits text into lines of at most `cols` characters (hard wrap).
fn wrap(text: &str, cols: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(cols.max(1))
        .map(|chunk| chunk.iter().collect())
        .collect()
}
