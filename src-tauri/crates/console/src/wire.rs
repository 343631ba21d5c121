//! The binary messages that carry screen changes to the UI's canvas. One batch
//! holds several messages back to back; numbers are little-endian u16.
//!
//! - `1` resize: width, height
//! - `2` pixels: x, y, width, height, then width × height × 4 bytes of RGBA
//! - `3` copy: x, y, width, height (destination), then source x, y

use crate::framebuffer::Area;

pub const RESIZE: u8 = 1;
pub const PIXELS: u8 = 2;
pub const COPY: u8 = 3;

/// Messages collected until the server's burst of rectangles pauses.
#[derive(Debug, Default)]
pub struct Batch {
    bytes: Vec<u8>,
    changes: usize,
}

impl Batch {
    fn numbers(&mut self, kind: u8, values: &[u16]) {
        self.bytes.push(kind);
        for v in values {
            self.bytes.extend_from_slice(&v.to_le_bytes());
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.numbers(RESIZE, &[width, height]);
        self.changes += 1;
    }

    pub fn pixels(&mut self, area: Area, rgba: &[u8]) {
        self.numbers(PIXELS, &[area.x, area.y, area.width, area.height]);
        self.bytes.extend_from_slice(rgba);
        self.changes += 1;
    }

    pub fn copy(&mut self, dst: Area, src: Area) {
        self.numbers(COPY, &[dst.x, dst.y, dst.width, dst.height, src.x, src.y]);
        self.changes += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.changes == 0
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn take(&mut self) -> Vec<u8> {
        self.changes = 0;
        std::mem::take(&mut self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_laid_out_as_documented() {
        let mut b = Batch::default();
        b.resize(800, 600);
        b.pixels(
            Area {
                x: 1,
                y: 2,
                width: 1,
                height: 1,
            },
            &[9, 8, 7, 255],
        );
        let bytes = b.take();
        assert_eq!(bytes[0], RESIZE);
        assert_eq!(u16::from_le_bytes([bytes[1], bytes[2]]), 800);
        assert_eq!(bytes[5], PIXELS);
        assert_eq!(&bytes[14..], &[9, 8, 7, 255]);
        assert!(b.is_empty());
    }
}
