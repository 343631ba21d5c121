//! The picture the console shows, kept on our side so a screenshot needs no
//! round trip and a completed first frame can be recognised (RFB has no
//! end-of-frame marker).

/// A rectangle in framebuffer pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl Area {
    fn pixels(&self) -> usize {
        usize::from(self.width) * usize::from(self.height)
    }
}

/// RGBA pixels, row by row, plus which pixels the server has painted so far.
#[derive(Clone, Default)]
pub struct Framebuffer {
    width: u16,
    height: u16,
    rgba: Vec<u8>,
    painted: Vec<bool>,
    unpainted: usize,
}

impl std::fmt::Debug for Framebuffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Millions of pixels help no one in a log or a failed assertion.
        write!(
            f,
            "Framebuffer({}x{}, {} unpainted)",
            self.width, self.height, self.unpainted
        )
    }
}

impl Framebuffer {
    pub fn new(width: u16, height: u16) -> Framebuffer {
        let n = usize::from(width) * usize::from(height);
        Framebuffer {
            width,
            height,
            rgba: vec![0; n * 4],
            painted: vec![false; n],
            unpainted: n,
        }
    }

    pub fn size(&self) -> (u16, u16) {
        (self.width, self.height)
    }

    pub fn rgba(&self) -> &[u8] {
        &self.rgba
    }

    /// Every pixel has been sent at least once: a whole frame is on screen.
    pub fn complete(&self) -> bool {
        self.unpainted == 0 && !self.painted.is_empty()
    }

    /// The part of `area` inside the framebuffer, or None when it lies outside
    /// (a malformed update must not write out of bounds).
    fn clip(&self, area: Area) -> Option<Area> {
        let fits = u32::from(area.x) + u32::from(area.width) <= u32::from(self.width)
            && u32::from(area.y) + u32::from(area.height) <= u32::from(self.height);
        (fits && area.pixels() > 0).then_some(area)
    }

    /// Paints `rgba` (4 bytes per pixel) into `area`. Returns false, changing
    /// nothing, when the data does not match the area or the area does not fit.
    pub fn paint(&mut self, area: Area, rgba: &[u8]) -> bool {
        let Some(area) = self.clip(area) else {
            return false;
        };
        if rgba.len() != area.pixels() * 4 {
            return false;
        }
        let (w, fw) = (usize::from(area.width), usize::from(self.width));
        for row in 0..usize::from(area.height) {
            let start = (usize::from(area.y) + row) * fw + usize::from(area.x);
            let src = &rgba[row * w * 4..(row + 1) * w * 4];
            self.rgba[start * 4..(start + w) * 4].copy_from_slice(src);
            for p in &mut self.painted[start..start + w] {
                if !*p {
                    *p = true;
                    self.unpainted -= 1;
                }
            }
        }
        true
    }

    /// CopyRect: moves pixels already on screen.
    pub fn copy(&mut self, dst: Area, src: Area) -> bool {
        let (Some(dst), Some(src)) = (self.clip(dst), self.clip(src)) else {
            return false;
        };
        if (dst.width, dst.height) != (src.width, src.height) {
            return false;
        }
        let mut block = Vec::with_capacity(src.pixels() * 4);
        let fw = usize::from(self.width);
        for row in 0..usize::from(src.height) {
            let start = (usize::from(src.y) + row) * fw + usize::from(src.x);
            block.extend_from_slice(&self.rgba[start * 4..(start + usize::from(src.width)) * 4]);
        }
        self.paint(dst, &block)
    }

    /// The frame as a PNG (RGB, the alpha channel carries nothing).
    pub fn png(&self) -> Result<Vec<u8>, png::EncodingError> {
        let mut out = Vec::new();
        let mut encoder =
            png::Encoder::new(&mut out, u32::from(self.width), u32::from(self.height));
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        let rgb: Vec<u8> = self
            .rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        writer.write_image_data(&rgb)?;
        writer.finish()?;
        Ok(out)
    }

    /// The RGB value at (x, y), for tests and checks.
    pub fn pixel(&self, x: u16, y: u16) -> Option<[u8; 3]> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let i = (usize::from(y) * usize::from(self.width) + usize::from(x)) * 4;
        Some([self.rgba[i], self.rgba[i + 1], self.rgba[i + 2]])
    }

    /// How many pixels differ from `other` (of the same size).
    pub fn differing_pixels(&self, other: &Framebuffer) -> usize {
        if self.size() != other.size() {
            return usize::from(self.width) * usize::from(self.height);
        }
        self.rgba
            .chunks_exact(4)
            .zip(other.rgba.chunks_exact(4))
            .filter(|(a, b)| a[..3] != b[..3])
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(x: u16, y: u16, width: u16, height: u16) -> Area {
        Area {
            x,
            y,
            width,
            height,
        }
    }

    #[test]
    fn a_frame_is_complete_once_every_pixel_is_painted() {
        let mut fb = Framebuffer::new(4, 2);
        assert!(!fb.complete());
        assert!(fb.paint(area(0, 0, 4, 1), &[9; 16]));
        assert!(!fb.complete());
        assert!(fb.paint(area(0, 1, 4, 1), &[7; 16]));
        assert!(fb.complete());
        assert_eq!(fb.pixel(3, 1), Some([7, 7, 7]));
    }

    #[test]
    fn out_of_bounds_or_short_updates_change_nothing() {
        let mut fb = Framebuffer::new(4, 4);
        assert!(!fb.paint(area(3, 3, 2, 2), &[1; 16]));
        assert!(!fb.paint(area(0, 0, 2, 2), &[1; 15]));
        assert!(!fb.copy(area(0, 0, 2, 2), area(3, 0, 2, 2)));
        assert_eq!(fb.rgba(), &[0; 64][..]);
    }

    #[test]
    fn copy_moves_pixels_and_png_round_trips_the_size() {
        let mut fb = Framebuffer::new(4, 4);
        fb.paint(area(0, 0, 1, 1), &[10, 20, 30, 255]);
        assert!(fb.copy(area(2, 2, 1, 1), area(0, 0, 1, 1)));
        assert_eq!(fb.pixel(2, 2), Some([10, 20, 30]));
        let png = fb.png().expect("encodes");
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().expect("decodes");
        assert_eq!((reader.info().width, reader.info().height), (4, 4));
    }
}
