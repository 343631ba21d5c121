//! The console's framebuffer: what every client is shown.

/// One rendered screen, 0x00RRGGBB per pixel, row-major.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub width: u16,
    pub height: u16,
    pub pixels: Vec<u32>,
}

impl Frame {
    pub fn new(width: u16, height: u16, background: u32) -> Self {
        Frame {
            width,
            height,
            pixels: vec![background; usize::from(width) * usize::from(height)],
        }
    }

    pub fn pixel(&self, x: u16, y: u16) -> Option<u32> {
        if x >= self.width || y >= self.height {
            return None;
        }
        self.pixels
            .get(usize::from(y) * usize::from(self.width) + usize::from(x))
            .copied()
    }

    /// Fills a rectangle, clipped to the frame.
    pub(crate) fn fill(&mut self, x: usize, y: usize, w: usize, h: usize, color: u32) {
        let (fw, fh) = (usize::from(self.width), usize::from(self.height));
        let (x1, y1) = ((x + w).min(fw), (y + h).min(fh));
        for row in y.min(fh)..y1 {
            if let Some(line) = self.pixels.get_mut(row * fw + x.min(x1)..row * fw + x1) {
                line.fill(color);
            }
        }
    }

    /// The pixels of one row segment, clipped to the frame.
    pub(crate) fn row(&self, x: usize, y: usize, w: usize) -> &[u32] {
        let fw = usize::from(self.width);
        let start = y * fw + x.min(fw);
        let end = y * fw + (x + w).min(fw);
        self.pixels.get(start..end).unwrap_or(&[])
    }
}
