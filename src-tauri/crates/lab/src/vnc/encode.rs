//! Rectangle encodings: Raw (0) and ZRLE (16).

use super::frame::Frame;
use super::pixel::PixelFormat;
use flate2::{Compress, Compression, FlushCompress};

pub(crate) const RAW: i32 = 0;
pub(crate) const ZRLE: i32 = 16;
const ZRLE_TILE: usize = 64;

/// A rectangle of the framebuffer, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rect {
    pub x: u16,
    pub y: u16,
    pub w: u16,
    pub h: u16,
}

/// Per-connection encoding state: the client's pixel format and, for ZRLE,
/// the zlib stream, which RFB requires to persist across updates.
pub(crate) struct Encoder {
    pub format: PixelFormat,
    pub zrle: bool,
    deflate: Option<Compress>,
}

impl Encoder {
    pub fn new() -> Self {
        Encoder {
            format: PixelFormat::SERVER,
            zrle: false,
            deflate: None,
        }
    }

    /// Appends a rectangle header and its encoded pixels.
    pub fn encode(&mut self, frame: &Frame, r: Rect, out: &mut Vec<u8>) -> std::io::Result<()> {
        for v in [r.x, r.y, r.w, r.h] {
            out.extend_from_slice(&v.to_be_bytes());
        }
        if self.zrle {
            out.extend_from_slice(&ZRLE.to_be_bytes());
            let tiles = self.zrle_tiles(frame, r);
            let deflate = self
                .deflate
                .get_or_insert_with(|| Compress::new(Compression::fast(), true));
            let data = deflate_sync(deflate, &tiles)?;
            let len = u32::try_from(data.len())
                .map_err(|_| std::io::Error::other("ZRLE rectangle too large"))?;
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(&data);
        } else {
            out.extend_from_slice(&RAW.to_be_bytes());
            for y in usize::from(r.y)..usize::from(r.y) + usize::from(r.h) {
                for &p in frame.row(usize::from(r.x), y, usize::from(r.w)) {
                    self.format.push(p, out);
                }
            }
        }
        Ok(())
    }

    /// The uncompressed ZRLE tile stream: 64x64 tiles, left to right then top
    /// to bottom. Uniform tiles use the solid subencoding, others raw CPIXELs
    /// (zlib already squeezes the text screens well).
    fn zrle_tiles(&self, frame: &Frame, r: Rect) -> Vec<u8> {
        let keep = self.format.cpixel_range();
        let mut out = Vec::new();
        let mut px = Vec::with_capacity(4);
        let mut cpixel = |rgb: u32, out: &mut Vec<u8>| {
            px.clear();
            self.format.push(rgb, &mut px);
            out.extend_from_slice(px.get(keep.clone()).unwrap_or(&[]));
        };
        let (rx, ry, rw, rh) = (
            usize::from(r.x),
            usize::from(r.y),
            usize::from(r.w),
            usize::from(r.h),
        );
        for ty in (ry..ry + rh).step_by(ZRLE_TILE) {
            let th = ZRLE_TILE.min(ry + rh - ty);
            for tx in (rx..rx + rw).step_by(ZRLE_TILE) {
                let tw = ZRLE_TILE.min(rx + rw - tx);
                let rows = || (ty..ty + th).map(|y| frame.row(tx, y, tw));
                let first = frame.row(tx, ty, tw).first().copied().unwrap_or(0);
                if rows().all(|row| row.iter().all(|&p| p == first)) {
                    out.push(1);
                    cpixel(first, &mut out);
                } else {
                    out.push(0);
                    for row in rows() {
                        for &p in row {
                            cpixel(p, &mut out);
                        }
                    }
                }
            }
        }
        out
    }
}

/// Compresses `input` and sync-flushes, so the client can decode this
/// rectangle without waiting for more data while the stream stays open.
fn deflate_sync(z: &mut Compress, input: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() / 4 + 64);
    let mut consumed = 0;
    loop {
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(1024));
        }
        let before = z.total_in();
        z.compress_vec(
            input.get(consumed..).unwrap_or(&[]),
            &mut out,
            FlushCompress::Sync,
        )
        .map_err(std::io::Error::other)?;
        consumed =
            consumed.saturating_add(usize::try_from(z.total_in() - before).unwrap_or(usize::MAX));
        // The flush is complete once all input is in and zlib left output room.
        if consumed >= input.len() && out.len() < out.capacity() {
            return Ok(out);
        }
    }
}
