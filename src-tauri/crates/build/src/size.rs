//! Drive sizes as vendors print them: decimal units (1.92TB is 1,920,000,000,000 bytes).

const UNITS: [(&str, u64); 5] = [
    ("PB", 1_000_000_000_000_000),
    ("TB", 1_000_000_000_000),
    ("GB", 1_000_000_000),
    ("MB", 1_000_000),
    ("B", 1),
];

/// "960GB", "1.92TB", "4 TB", "480000000000" (bytes) → bytes.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let upper = compact.to_ascii_uppercase();
    let (number, scale) = UNITS
        .iter()
        .find_map(|(unit, scale)| upper.strip_suffix(unit).map(|n| (n.to_owned(), *scale)))
        .unwrap_or((upper.clone(), 1));
    let invalid = || format!("{text:?} is not a size like 960GB or 1.92TB");
    let (whole, fraction) = number.split_once('.').unwrap_or((&number, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .chars()
            .chain(fraction.chars())
            .all(|c| c.is_ascii_digit())
    {
        return Err(invalid());
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| invalid())?
    };
    let mut bytes = whole.checked_mul(scale).ok_or_else(invalid)?;
    let mut place = scale;
    for digit in fraction.chars() {
        place /= 10;
        if place == 0 {
            return Err(format!("{text:?} is more precise than a byte"));
        }
        bytes += u64::from(digit.to_digit(10).unwrap_or(0)) * place;
    }
    if bytes == 0 {
        return Err(format!("{text:?} is an empty drive"));
    }
    Ok(bytes)
}

/// Bytes in the decimal unit people read drives in: "1.92 TB", "960 GB".
pub fn format_bytes(bytes: u64) -> String {
    for (unit, scale) in UNITS {
        if bytes >= scale && scale > 1 {
            let value = bytes as f64 / scale as f64;
            let text = format!("{value:.2}");
            let text = text.trim_end_matches('0').trim_end_matches('.');
            return format!("{text} {unit}");
        }
    }
    format!("{bytes} B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_sizes_are_decimal() {
        assert_eq!(parse_size("960GB"), Ok(960_000_000_000));
        assert_eq!(parse_size("1.92TB"), Ok(1_920_000_000_000));
        assert_eq!(parse_size("3.84 tb"), Ok(3_840_000_000_000));
        assert_eq!(parse_size("480000000000"), Ok(480_000_000_000));
        assert_eq!(parse_size("0.5TB"), Ok(500_000_000_000));
        for bad in ["", "TB", "1.2.3TB", "12XB", "-1TB", "0GB", "1.5B"] {
            assert!(parse_size(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(format_bytes(1_920_000_000_000), "1.92 TB");
        assert_eq!(format_bytes(960_000_000_000), "960 GB");
        assert_eq!(format_bytes(512), "512 B");
    }
}
