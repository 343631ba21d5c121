//! The certificate as an A4 PDF. Latin text is set in Helvetica and Japanese in
//! HeiseiKakuGo-W5 through the Adobe-Japan1 character collection: both are
//! fonts every PDF reader supplies, so nothing is embedded and the file stays
//! small; a ToUnicode map keeps the Japanese text searchable and copyable.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

use crate::layout::{fit, runs, width, wrap, Face};
use crate::words::{method_name, step_name, words, Words};
use crate::{capacity, ErasureCertificate, Language};

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const LATIN: Name<'static> = Name(b"F1");
const CJK: Name<'static> = Name(b"F2");
const CJK_FONT: Name<'static> = Name(b"HeiseiKakuGo-W5");

/// Lays text out top to bottom, starting a new page when one is full.
struct Pages {
    done: Vec<Content>,
    page: Content,
    y: f32,
}

impl Pages {
    fn new() -> Pages {
        Pages {
            done: Vec::new(),
            page: Content::new(),
            y: PAGE_HEIGHT - MARGIN,
        }
    }

    fn room_for(&mut self, height: f32) {
        if self.y - height < MARGIN + 20.0 {
            let full = std::mem::replace(&mut self.page, Content::new());
            self.done.push(full);
            self.y = PAGE_HEIGHT - MARGIN;
        }
    }

    fn put(&mut self, x: f32, y: f32, size: f32, text: &str) {
        put(&mut self.page, x, y, size, text);
    }

    /// One line at the left margin (plus `indent`), then down.
    fn line(&mut self, indent: f32, size: f32, text: &str) {
        self.room_for(size * 1.5);
        self.put(MARGIN + indent, self.y - size, size, text);
        self.y -= size * 1.5;
    }

    fn paragraph(&mut self, indent: f32, size: f32, text: &str) {
        for line in wrap(text, size, TEXT_WIDTH - indent) {
            self.line(indent, size, &line);
        }
    }

    fn heading(&mut self, text: &str) {
        self.room_for(40.0);
        self.y -= 8.0;
        self.line(0.0, 12.0, text);
        self.page
            .set_line_width(0.5)
            .move_to(MARGIN, self.y + 4.0)
            .line_to(PAGE_WIDTH - MARGIN, self.y + 4.0)
            .stroke();
        self.y -= 2.0;
    }

    /// A label and its value, the value wrapped in its column.
    fn field(&mut self, label: &str, value: &str) {
        let size = 10.0;
        let column = 150.0;
        let lines = wrap(value, size, TEXT_WIDTH - column);
        self.room_for(size * 1.5 * lines.len() as f32);
        self.put(MARGIN, self.y - size, size, label);
        for line in lines {
            self.put(MARGIN + column, self.y - size, size, &line);
            self.y -= size * 1.5;
        }
    }

    /// One table row: each cell cut to its column.
    fn row(&mut self, size: f32, cells: &[(f32, String)]) {
        self.room_for(size * 1.6);
        let mut x = MARGIN;
        for (column, text) in cells {
            let text = fit(text, size, column - 4.0);
            self.put(x, self.y - size, size, &text);
            x += column;
        }
        self.y -= size * 1.6;
    }

    fn finish(mut self) -> Vec<Content> {
        self.done.push(self.page);
        self.done
    }
}

/// Sets text run by run: ASCII in Helvetica, the rest in the Japanese font
/// (which takes UCS-2); the reader advances past each run by its font's widths.
fn put(page: &mut Content, x: f32, y: f32, size: f32, text: &str) {
    page.begin_text().next_line(x, y);
    for (run_face, run) in runs(text) {
        match run_face {
            Face::Latin => page.set_font(LATIN, size).show(Str(run.as_bytes())),
            Face::Cjk => {
                let bytes: Vec<u8> = run
                    .chars()
                    .map(|c| u16::try_from(u32::from(c)).unwrap_or(0x003F))
                    .flat_map(u16::to_be_bytes)
                    .collect();
                page.set_font(CJK, size).show(Str(&bytes))
            }
        };
    }
    page.end_text();
}

/// Each UCS-2 code is its own Unicode value, so the map is the identity over
/// the Basic Multilingual Plane (surrogates aside).
fn identity_to_unicode() -> Vec<u8> {
    let ranges: Vec<String> = (0u16..=0xFF)
        .filter(|high| !(0xD8..=0xDF).contains(high))
        .map(|high| format!("<{high:02X}00> <{high:02X}FF> <{high:02X}00>"))
        .collect();
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Racksmith-UCS2 def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in ranges.chunks(100) {
        cmap.push_str(&format!("{} beginbfrange\n", chunk.len()));
        for range in chunk {
            cmap.push_str(range);
            cmap.push('\n');
        }
        cmap.push_str("endbfrange\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap.into_bytes()
}

fn when(text: &str) -> String {
    // RFC 3339 UTC as stored; shown without the 'T' for reading.
    text.replacen('T', " ", 1).replace('Z', " UTC")
}

fn body(cert: &ErasureCertificate, language: Language, w: &Words) -> Vec<Content> {
    let mut pages = Pages::new();
    pages.line(0.0, 18.0, w.title);
    pages.y -= 4.0;
    pages.paragraph(0.0, 9.5, w.lead);
    pages.y -= 6.0;
    let server = &cert.server;
    let unknown = || "-".to_owned();
    let fields = [
        (w.certificate_id, cert.certificate_id.clone()),
        (w.server, server.name.clone()),
        (
            w.model,
            [server.manufacturer.clone(), server.model.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        (w.serial, server.serial.clone().unwrap_or_else(unknown)),
        (
            w.asset_tag,
            server.asset_tag.clone().unwrap_or_else(unknown),
        ),
        (w.bmc, server.bmc_address.clone().unwrap_or_else(unknown)),
        (w.started_by, format!("{} ({})", cert.started_by, cert.role)),
        (w.reason, cert.reason.clone().unwrap_or_else(unknown)),
        (w.started, when(&cert.started_at)),
        (w.ended, when(&cert.ended_at)),
        (w.result, w.verified.to_owned()),
    ];
    for (label, value) in fields {
        pages.field(label, &value);
    }

    pages.heading(&format!("{} ({})", w.drives, cert.drives.len()));
    let columns = [70.0, 90.0, 80.0, 55.0, 90.0, 110.0];
    pages.row(
        8.5,
        &[
            (columns[0], w.drive.to_owned()),
            (columns[1], w.model.to_owned()),
            (columns[2], w.serial.to_owned()),
            (columns[3], w.capacity.to_owned()),
            (columns[4], w.method.to_owned()),
            (columns[5], w.ended.to_owned()),
        ],
    );
    for drive in &cert.drives {
        pages.row(
            8.5,
            &[
                (columns[0], drive.id.clone()),
                (columns[1], drive.model.clone().unwrap_or_else(unknown)),
                (columns[2], drive.serial.clone().unwrap_or_else(unknown)),
                (columns[3], capacity(drive.capacity_bytes)),
                (columns[4], method_name(&drive.method, language)),
                (columns[5], when(&drive.ended_at)),
            ],
        );
    }

    pages.heading(w.firmware);
    if !cert.firmware.baseline_found {
        pages.paragraph(0.0, 9.5, w.no_baseline);
    } else if cert.firmware.drifted().next().is_none() {
        pages.paragraph(0.0, 9.5, w.no_drift);
    } else {
        pages.line(0.0, 9.5, w.drift);
    }
    for component in &cert.firmware.components {
        let mark = if component.drift { "!" } else { " " };
        let baseline = component
            .baseline
            .as_deref()
            .map(|b| format!(" (baseline {b})"))
            .unwrap_or_default();
        pages.line(
            8.0,
            8.5,
            &format!(
                "{mark} {}: {}{baseline}",
                component.id,
                component.version.as_deref().unwrap_or("?")
            ),
        );
    }

    pages.heading(w.steps);
    for step in &cert.steps {
        let ended = step.ended_at.as_deref().map(when).unwrap_or_default();
        pages.line(
            0.0,
            9.0,
            &format!("{}  {ended}", step_name(&step.step, language)),
        );
        if let Some(detail) = &step.detail {
            pages.paragraph(12.0, 8.5, detail);
        }
    }
    if let Some(sel) = &cert.sel_archive {
        pages.heading(w.sel);
        pages.paragraph(
            0.0,
            8.5,
            &format!("{} ({} {})", sel.file, sel.entries, w.entries),
        );
        pages.paragraph(0.0, 8.5, &format!("SHA-256 {}", sel.sha256));
    }
    pages.y -= 10.0;
    pages.line(
        0.0,
        9.0,
        &format!("{}: {}  {}", w.issued, when(&cert.issued_at), cert.issuer),
    );
    pages.finish()
}

/// The certificate as PDF bytes.
pub fn to_pdf(cert: &ErasureCertificate, language: Language) -> Vec<u8> {
    let w = words(language);
    let contents = body(cert, language, w);
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let latin = Ref::new(3);
    let cjk = Ref::new(4);
    let cid = Ref::new(5);
    let descriptor = Ref::new(6);
    let to_unicode = Ref::new(7);
    let info = Ref::new(8);
    let first_page = 10;
    let page_ids: Vec<Ref> = (0..contents.len())
        .map(|i| Ref::new(first_page + 2 * i as i32))
        .collect();

    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    pdf.type1_font(latin)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type0_font(cjk)
        .base_font(CJK_FONT)
        .encoding_predefined(Name(b"UniJIS-UCS2-H"))
        .descendant_font(cid)
        .to_unicode(to_unicode);
    let mut font = pdf.cid_font(cid);
    font.subtype(CidFontType::Type0)
        .base_font(CJK_FONT)
        .system_info(SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Japan1"),
            supplement: 2,
        })
        .font_descriptor(descriptor)
        .default_width(1000.0);
    font.finish();
    pdf.font_descriptor(descriptor)
        .name(CJK_FONT)
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(-92.0, -250.0, 1010.0, 922.0))
        .italic_angle(0.0)
        .ascent(752.0)
        .descent(-221.0)
        .cap_height(737.0)
        .stem_v(116.0);
    let cmap = identity_to_unicode();
    pdf.stream(to_unicode, &cmap);
    let title = format!("{} {}", w.title, cert.server.name);
    pdf.document_info(info)
        .title(pdf_writer::TextStr(&title))
        .producer(pdf_writer::TextStr(&cert.issuer));

    let count = contents.len();
    for (i, content) in contents.into_iter().enumerate() {
        let page_id = page_ids[i];
        let content_id = Ref::new(page_id.get() + 1);
        let mut content = content;
        let footer = format!("{} {} / {}   {}", w.page, i + 1, count, cert.certificate_id);
        put(
            &mut content,
            PAGE_WIDTH - MARGIN - width(&footer, 8.0),
            MARGIN - 10.0,
            8.0,
            &footer,
        );
        let mut page = pdf.page(page_id);
        page.parent(tree)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(content_id);
        page.resources().fonts().pair(LATIN, latin).pair(CJK, cjk);
        page.finish();
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::sample;

    #[test]
    fn both_languages_make_a_pdf_that_names_the_server_and_every_drive() {
        for language in [Language::En, Language::Ja] {
            let bytes = to_pdf(&sample(), language);
            assert!(bytes.starts_with(b"%PDF-"));
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.contains("(lab-001)"), "{language:?}");
            for i in 0..3 {
                assert!(text.contains(&format!("(SN{i:04})")), "{language:?}");
            }
        }
    }

    #[test]
    fn many_drives_run_onto_more_pages() {
        let mut cert = sample();
        let one = cert.drives[0].clone();
        cert.drives = (0..120)
            .map(|i| crate::ErasedDrive {
                id: format!("Disk.Bay.{i}"),
                ..one.clone()
            })
            .collect();
        let text = String::from_utf8_lossy(&to_pdf(&cert, Language::En)).into_owned();
        assert!(
            text.contains("/Count 3") || text.contains("/Count 4"),
            "pages"
        );
    }
}
