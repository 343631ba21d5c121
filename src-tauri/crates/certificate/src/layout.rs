//! Measuring and wrapping text for the two fonts the PDF uses, so columns
//! line up and long values wrap instead of running off the page.

/// Helvetica's advance widths for ASCII 32..=126, in 1/1000 em (from its AFM).
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// Which font a run of text is set in: Helvetica for printable ASCII, the
/// Japanese CID font (full-width) for everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    Latin,
    Cjk,
}

fn face_of(c: char) -> Face {
    if (' '..='~').contains(&c) {
        Face::Latin
    } else {
        Face::Cjk
    }
}

/// The text cut where the face changes.
pub(crate) fn runs(text: &str) -> Vec<(Face, String)> {
    let mut runs: Vec<(Face, String)> = Vec::new();
    for c in text.chars() {
        match runs.last_mut() {
            Some((face, run)) if *face == face_of(c) => run.push(c),
            _ => runs.push((face_of(c), c.to_string())),
        }
    }
    runs
}

/// Width in points at `size`.
pub(crate) fn width(text: &str, size: f32) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| match face_of(c) {
            Face::Latin => u32::from(HELVETICA[c as usize - 32]),
            Face::Cjk => 1000,
        })
        .sum();
    units as f32 * size / 1000.0
}

/// Lines no wider than `max` points, broken at spaces where there are any
/// (and anywhere in text without them, as Japanese is).
pub(crate) fn wrap(text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut pieces: Vec<String> = Vec::new();
    for word in text.split_inclusive(' ') {
        if width(word, size) <= max {
            pieces.push(word.to_owned());
        } else {
            pieces.extend(word.chars().map(String::from));
        }
    }
    for piece in pieces {
        let candidate = format!("{line}{piece}");
        if !line.is_empty() && width(candidate.trim_end(), size) > max {
            lines.push(line.trim_end().to_owned());
            line = piece.trim_start().to_owned();
        } else {
            line = candidate;
        }
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// Cut to `max` points with an ellipsis, for table cells.
pub(crate) fn fit(text: &str, size: f32, max: f32) -> String {
    if width(text, size) <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        let next = format!("{out}{c}...");
        if width(&next, size) > max {
            break;
        }
        out.push(c);
    }
    format!("{out}...")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let text =
            "The drives below were sanitized through their BMC, each erase followed to its end.";
        let lines = wrap(text, 10.0, 150.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 10.0) <= 150.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        let ja = wrap(
            "以下のドライブは BMC を通じてサニタイズされました",
            10.0,
            80.0,
        );
        assert!(ja.iter().all(|l| width(l, 10.0) <= 80.0), "{ja:?}");
        assert_eq!(
            ja.concat().replace(' ', ""),
            "以下のドライブはBMCを通じてサニタイズされました"
        );
    }

    #[test]
    fn cells_are_cut_with_an_ellipsis() {
        assert_eq!(fit("short", 8.0, 100.0), "short");
        let cut = fit("a-very-long-serial-number-that-does-not-fit", 8.0, 60.0);
        assert!(cut.ends_with("...") && width(&cut, 8.0) <= 60.0, "{cut}");
        assert_eq!(
            runs("ドライブ Disk.Bay.0 消去"),
            vec![
                (Face::Cjk, "ドライブ".to_owned()),
                (Face::Latin, " Disk.Bay.0 ".to_owned()),
                (Face::Cjk, "消去".to_owned()),
            ]
        );
    }
}
