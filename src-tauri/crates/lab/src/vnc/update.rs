//! Deciding what to send for a FramebufferUpdateRequest.

use super::encode::{Encoder, Rect};
use super::frame::Frame;

/// Tiles compared between the current frame and what the client last got.
const TILE: usize = 64;
/// Marks pixels the client has never been sent; real pixels are 0x00RRGGBB.
const UNKNOWN: u32 = 0xff00_0000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Request {
    pub incremental: bool,
    pub area: Rect,
}

/// What one client is known to display.
pub(crate) struct ClientView {
    pixels: Vec<u32>,
}

impl ClientView {
    pub fn new() -> Self {
        ClientView { pixels: Vec::new() }
    }

    /// Forget what the client has, e.g. after its pixel format changed.
    pub fn reset(&mut self) {
        self.pixels.clear();
    }

    /// The FramebufferUpdate answering `req`, or None if the request is
    /// incremental and nothing in its area changed (the caller then waits).
    pub fn update(
        &mut self,
        frame: &Frame,
        req: &Request,
        encoder: &mut Encoder,
    ) -> std::io::Result<Option<Vec<u8>>> {
        let fw = usize::from(frame.width);
        if self.pixels.len() != frame.pixels.len() {
            self.pixels = vec![UNKNOWN; frame.pixels.len()];
        }
        let rects = self.dirty_rects(frame, req);
        if rects.is_empty() && req.incremental {
            return Ok(None);
        }
        let count =
            u16::try_from(rects.len()).map_err(|_| std::io::Error::other("too many rectangles"))?;
        let mut msg = vec![0, 0];
        msg.extend_from_slice(&count.to_be_bytes());
        for r in rects {
            encoder.encode(frame, r, &mut msg)?;
            let (x, w) = (usize::from(r.x), usize::from(r.w));
            for y in usize::from(r.y)..usize::from(r.y) + usize::from(r.h) {
                let span = y * fw + x..y * fw + x + w;
                if let (Some(dst), Some(src)) =
                    (self.pixels.get_mut(span.clone()), frame.pixels.get(span))
                {
                    dst.copy_from_slice(src);
                }
            }
        }
        Ok(Some(msg))
    }

    /// Changed (or, for a full request, all) tiles within the requested
    /// area, merged into horizontal runs to keep the rectangle count low.
    fn dirty_rects(&self, frame: &Frame, req: &Request) -> Vec<Rect> {
        let (fw, fh) = (usize::from(frame.width), usize::from(frame.height));
        let a = req.area;
        let (x0, y0) = (usize::from(a.x).min(fw), usize::from(a.y).min(fh));
        let x1 = (usize::from(a.x) + usize::from(a.w)).min(fw);
        let y1 = (usize::from(a.y) + usize::from(a.h)).min(fh);
        let mut rects = Vec::new();
        let mut band = y0;
        while band < y1 {
            let band_end = ((band / TILE + 1) * TILE).min(y1);
            let mut run: Option<(usize, usize)> = None;
            let mut tx = x0;
            while tx < x1 {
                let tile_end = ((tx / TILE + 1) * TILE).min(x1);
                let dirty = !req.incremental
                    || (band..band_end).any(|y| {
                        frame.row(tx, y, tile_end - tx) != self.row(fw, tx, y, tile_end - tx)
                    });
                if dirty {
                    run = Some((run.map_or(tx, |(start, _)| start), tile_end));
                } else if let Some((start, end)) = run.take() {
                    rects.push(rect(start, band, end - start, band_end - band));
                }
                tx = tile_end;
            }
            if let Some((start, end)) = run {
                rects.push(rect(start, band, end - start, band_end - band));
            }
            band = band_end;
        }
        rects
    }

    fn row(&self, fw: usize, x: usize, y: usize, w: usize) -> &[u32] {
        self.pixels.get(y * fw + x..y * fw + x + w).unwrap_or(&[])
    }
}

/// Coordinates here come from clipping to a u16-sized frame, so they fit.
fn rect(x: usize, y: usize, w: usize, h: usize) -> Rect {
    let c = |v: usize| u16::try_from(v).unwrap_or(u16::MAX);
    Rect {
        x: c(x),
        y: c(y),
        w: c(w),
        h: c(h),
    }
}
