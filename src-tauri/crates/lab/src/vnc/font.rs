//! Text drawing with font8x8's basic Latin glyphs, scaled 2x.

use super::frame::Frame;
use font8x8::{UnicodeFonts, BASIC_FONTS, LATIN_FONTS};

/// Pixels per character cell: 8x8 glyphs doubled for legibility at 800x600.
pub(crate) const CELL: usize = 16;
const SCALE: usize = CELL / 8;

/// Draws `text` with its top-left corner at pixel (x, y); the background
/// shows through. Characters outside Latin-1 (¥ included) are drawn as '?'.
pub(crate) fn draw_text(frame: &mut Frame, x: usize, y: usize, text: &str, color: u32) {
    for (i, ch) in text.chars().enumerate() {
        let glyph = BASIC_FONTS
            .get(ch)
            .or_else(|| LATIN_FONTS.get(ch))
            .or_else(|| BASIC_FONTS.get('?'))
            .unwrap_or([0; 8]);
        let cx = x + i * CELL;
        for (gy, bits) in glyph.iter().enumerate() {
            for gx in 0..8 {
                // font8x8 stores the leftmost pixel in bit 0.
                if bits & (1 << gx) != 0 {
                    frame.fill(cx + gx * SCALE, y + gy * SCALE, SCALE, SCALE, color);
                }
            }
        }
    }
}

/// Pixel width of `text` when drawn.
pub(crate) fn text_width(text: &str) -> usize {
    text.chars().count() * CELL
}
