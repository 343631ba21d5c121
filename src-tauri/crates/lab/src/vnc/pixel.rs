//! RFB pixel formats and conversion from the console's 0x00RRGGBB pixels.

use super::error::VncError;

/// A validated true-colour pixel format (RFC 6143 §7.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PixelFormat {
    pub bits_per_pixel: u8,
    pub depth: u8,
    pub big_endian: bool,
    pub red_max: u16,
    pub green_max: u16,
    pub blue_max: u16,
    pub red_shift: u8,
    pub green_shift: u8,
    pub blue_shift: u8,
}

impl PixelFormat {
    /// What ServerInit announces: 32bpp, depth 24, little-endian 0x00RRGGBB.
    pub const SERVER: PixelFormat = PixelFormat {
        bits_per_pixel: 32,
        depth: 24,
        big_endian: false,
        red_max: 255,
        green_max: 255,
        blue_max: 255,
        red_shift: 16,
        green_shift: 8,
        blue_shift: 0,
    };

    /// Parses a client's SetPixelFormat body. Colour-map formats are refused
    /// because the console never sends SetColourMapEntries.
    pub fn from_wire(b: &[u8; 16]) -> Result<Self, VncError> {
        let format = PixelFormat {
            bits_per_pixel: b[0],
            depth: b[1],
            big_endian: b[2] != 0,
            red_max: u16::from_be_bytes([b[4], b[5]]),
            green_max: u16::from_be_bytes([b[6], b[7]]),
            blue_max: u16::from_be_bytes([b[8], b[9]]),
            red_shift: b[10],
            green_shift: b[11],
            blue_shift: b[12],
        };
        if b[3] == 0 {
            return Err(VncError::Unsupported("colour-map pixel format".into()));
        }
        if !matches!(format.bits_per_pixel, 8 | 16 | 32) {
            return Err(VncError::Unsupported(format!(
                "{} bits per pixel",
                format.bits_per_pixel
            )));
        }
        // Every component must fit in the pixel, or conversion would overflow.
        for (max, shift) in format.components() {
            let bits = u32::BITS - u32::from(max).leading_zeros();
            if u32::from(shift) + bits > u32::from(format.bits_per_pixel) {
                return Err(VncError::Protocol(format!(
                    "colour component (max {max}, shift {shift}) does not fit the pixel"
                )));
            }
        }
        Ok(format)
    }

    pub fn to_wire(self) -> [u8; 16] {
        let [rh, rl] = self.red_max.to_be_bytes();
        let [gh, gl] = self.green_max.to_be_bytes();
        let [bh, bl] = self.blue_max.to_be_bytes();
        [
            self.bits_per_pixel,
            self.depth,
            u8::from(self.big_endian),
            1,
            rh,
            rl,
            gh,
            gl,
            bh,
            bl,
            self.red_shift,
            self.green_shift,
            self.blue_shift,
            0,
            0,
            0,
        ]
    }

    fn components(&self) -> [(u16, u8); 3] {
        [
            (self.red_max, self.red_shift),
            (self.green_max, self.green_shift),
            (self.blue_max, self.blue_shift),
        ]
    }

    pub fn bytes_per_pixel(&self) -> usize {
        usize::from(self.bits_per_pixel / 8)
    }

    /// The pixel value for a 0x00RRGGBB colour, before byte ordering.
    fn value(&self, rgb: u32) -> u32 {
        let channels = [(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff];
        self.components()
            .iter()
            .zip(channels)
            .map(|(&(max, shift), c)| {
                // Rounded rescale from 0..=255 to 0..=max.
                let scaled = (c * u32::from(max) + 127) / 255;
                scaled << shift
            })
            .fold(0, |acc, v| acc | v)
    }

    /// Appends one pixel in this format's wire layout.
    pub fn push(&self, rgb: u32, out: &mut Vec<u8>) {
        let v = self.value(rgb);
        match (self.bits_per_pixel, self.big_endian) {
            (8, _) => out.push(v as u8),
            (16, false) => out.extend_from_slice(&(v as u16).to_le_bytes()),
            (16, true) => out.extend_from_slice(&(v as u16).to_be_bytes()),
            (_, false) => out.extend_from_slice(&v.to_le_bytes()),
            (_, true) => out.extend_from_slice(&v.to_be_bytes()),
        }
    }

    /// ZRLE's CPIXEL: for 32bpp formats whose colours fit in three bytes, the
    /// unused byte is left out. Returns the byte range of a wire pixel to keep.
    pub fn cpixel_range(&self) -> std::ops::Range<usize> {
        if self.bits_per_pixel != 32 || self.depth > 24 {
            return 0..self.bytes_per_pixel();
        }
        let mask = self
            .components()
            .iter()
            .fold(0u32, |acc, &(max, shift)| acc | (u32::from(max) << shift));
        // Which end of the wire bytes holds the unused byte depends on endianness.
        let low_three = mask & 0xff00_0000 == 0;
        let high_three = mask & 0x0000_00ff == 0;
        match (low_three, high_three, self.big_endian) {
            (true, _, false) | (false, true, true) => 0..3,
            (true, _, true) | (false, true, false) => 1..4,
            _ => 0..4,
        }
    }
}
