//! RAID layouts: which are possible, the capacity they give and how many drive
//! failures they survive. Controllers size every member to the smallest one,
//! and nested levels (50, 60) split the drives into equal spans.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::size::format_bytes;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RaidLevel {
    Raid0,
    Raid1,
    Raid5,
    Raid6,
    Raid10,
    Raid50,
    Raid60,
}

impl RaidLevel {
    pub const ALL: [RaidLevel; 7] = [
        RaidLevel::Raid0,
        RaidLevel::Raid1,
        RaidLevel::Raid5,
        RaidLevel::Raid6,
        RaidLevel::Raid10,
        RaidLevel::Raid50,
        RaidLevel::Raid60,
    ];

    /// Redfish's `RAIDType` value.
    pub fn redfish(self) -> &'static str {
        match self {
            RaidLevel::Raid0 => "RAID0",
            RaidLevel::Raid1 => "RAID1",
            RaidLevel::Raid5 => "RAID5",
            RaidLevel::Raid6 => "RAID6",
            RaidLevel::Raid10 => "RAID10",
            RaidLevel::Raid50 => "RAID50",
            RaidLevel::Raid60 => "RAID60",
        }
    }

    pub fn from_redfish(value: &str) -> Option<RaidLevel> {
        RaidLevel::ALL.into_iter().find(|l| l.redfish() == value)
    }

    fn label(self) -> &'static str {
        match self {
            RaidLevel::Raid0 => "RAID 0",
            RaidLevel::Raid1 => "RAID 1",
            RaidLevel::Raid5 => "RAID 5",
            RaidLevel::Raid6 => "RAID 6",
            RaidLevel::Raid10 => "RAID 10",
            RaidLevel::Raid50 => "RAID 50",
            RaidLevel::Raid60 => "RAID 60",
        }
    }

    /// Drives per span given to parity (or mirroring) within a span.
    fn redundancy(self) -> u32 {
        match self {
            RaidLevel::Raid0 => 0,
            RaidLevel::Raid1 | RaidLevel::Raid5 | RaidLevel::Raid50 => 1,
            RaidLevel::Raid6 | RaidLevel::Raid60 => 2,
            // A two-way mirror per span: half of each span holds copies.
            RaidLevel::Raid10 => 1,
        }
    }

    /// The smallest span: RAID 10 mirrors pairs, RAID 50 spans RAID 5s, and so on.
    fn min_span(self) -> u32 {
        match self {
            RaidLevel::Raid0 => 1,
            RaidLevel::Raid1 | RaidLevel::Raid10 => 2,
            RaidLevel::Raid5 | RaidLevel::Raid50 => 3,
            RaidLevel::Raid6 | RaidLevel::Raid60 => 4,
        }
    }

    fn nested(self) -> bool {
        matches!(
            self,
            RaidLevel::Raid10 | RaidLevel::Raid50 | RaidLevel::Raid60
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Media {
    Hdd,
    Ssd,
}

/// A drive offered for the layout, as the bay map shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub struct PlanDrive {
    /// The BMC's drive id, when the plan is for real hardware.
    pub id: Option<String>,
    #[specta(type = specta_typescript::Number)]
    pub capacity_bytes: u64,
    pub media: Option<Media>,
    /// Failed or predicted to fail: it cannot join a volume.
    #[serde(default)]
    pub failed: bool,
}

impl PlanDrive {
    pub fn sized(capacity_bytes: u64) -> PlanDrive {
        PlanDrive {
            id: None,
            capacity_bytes,
            media: None,
            failed: false,
        }
    }

    fn name(&self, index: usize) -> String {
        self.id
            .clone()
            .unwrap_or_else(|| format!("drive {}", index + 1))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub struct RaidRequest {
    pub level: RaidLevel,
    pub drives: Vec<PlanDrive>,
    /// Spans for RAID 10, 50 and 60; the fewest that work when absent
    /// (mirrored pairs for RAID 10, two spans for 50 and 60).
    pub spans: Option<u32>,
    #[serde(default)]
    pub hot_spares: Vec<PlanDrive>,
}

/// Something the user should see before applying, that does not stop the layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub struct RaidWarning {
    /// "mixed_sizes", "mixed_media", "no_redundancy".
    pub code: String,
    pub message: String,
}

/// Why a layout cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub struct RaidRefusal {
    /// "no_drives", "too_few_drives", "exact_drive_count", "uneven_spans",
    /// "failed_drive", "spare_too_small", "failed_spare".
    pub code: String,
    pub message: String,
}

impl std::fmt::Display for RaidRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RaidRefusal {}

/// What a layout gives: the review step of the wizard and `rackctl raid plan`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub struct RaidPlan {
    pub level: RaidLevel,
    pub drives: u32,
    pub spans: u32,
    /// What each member contributes: the smallest member's capacity.
    #[specta(type = specta_typescript::Number)]
    pub member_bytes: u64,
    #[specta(type = specta_typescript::Number)]
    pub raw_bytes: u64,
    #[specta(type = specta_typescript::Number)]
    pub usable_bytes: u64,
    /// Drive failures it always survives.
    pub fault_tolerance: u32,
    /// Failures it can survive when they fall in different spans or mirrors.
    pub fault_tolerance_best: u32,
    pub hot_spares: u32,
    pub warnings: Vec<RaidWarning>,
}

fn refuse(code: &str, message: String) -> RaidRefusal {
    RaidRefusal {
        code: code.to_owned(),
        message,
    }
}

fn warn(code: &str, message: String) -> RaidWarning {
    RaidWarning {
        code: code.to_owned(),
        message,
    }
}

/// The spans the drives split into, or why they cannot.
fn spans_for(level: RaidLevel, n: u32, asked: Option<u32>) -> Result<u32, RaidRefusal> {
    let min_span = level.min_span();
    if !level.nested() {
        return match asked {
            Some(s) if s != 1 => Err(refuse(
                "uneven_spans",
                format!("{} has no spans; {s} were asked for", level.label()),
            )),
            _ => Ok(1),
        };
    }
    let spans = match (level, asked) {
        (_, Some(s)) => s,
        (RaidLevel::Raid10, None) => n / 2,
        (_, None) => 2,
    };
    let least = 2 * min_span;
    if n < least {
        return Err(refuse(
            "too_few_drives",
            format!(
                "{} needs at least {least} drives (2 spans of {min_span}); {n} were given",
                level.label()
            ),
        ));
    }
    if level == RaidLevel::Raid10 && !n.is_multiple_of(2) {
        return Err(refuse(
            "uneven_spans",
            format!(
                "{} mirrors pairs of drives, so it needs an even number; {n} were given",
                level.label()
            ),
        ));
    }
    let per_span = n.checked_div(spans).unwrap_or(0);
    let uneven = spans < 2
        || !n.is_multiple_of(spans)
        || per_span < min_span
        || (level == RaidLevel::Raid10 && per_span % 2 != 0);
    if uneven {
        return Err(refuse(
            "uneven_spans",
            format!(
                "{} splits its drives into equal spans of at least {min_span}; {n} drives do not split into {spans}",
                level.label()
            ),
        ));
    }
    Ok(spans)
}

/// Checks a layout and works out what it gives; impossible layouts say why.
pub fn plan(request: &RaidRequest) -> Result<RaidPlan, RaidRefusal> {
    let level = request.level;
    let drives = &request.drives;
    let n = drives.len() as u32;
    if n == 0 {
        return Err(refuse(
            "no_drives",
            format!("{} needs drives; none were chosen", level.label()),
        ));
    }
    if let Some((i, d)) = drives.iter().enumerate().find(|(_, d)| d.failed) {
        return Err(refuse(
            "failed_drive",
            format!(
                "{} has failed and cannot join a volume; replace it or leave it out",
                d.name(i)
            ),
        ));
    }
    match level {
        RaidLevel::Raid1 if n != 2 => {
            return Err(refuse(
                "exact_drive_count",
                format!("RAID 1 mirrors exactly 2 drives; {n} were given (RAID 10 mirrors more)"),
            ))
        }
        RaidLevel::Raid5 | RaidLevel::Raid6 if n < level.min_span() => {
            return Err(refuse(
                "too_few_drives",
                format!(
                    "{} needs at least {} drives; {n} were given",
                    level.label(),
                    level.min_span()
                ),
            ))
        }
        _ => {}
    }
    let spans = spans_for(level, n, request.spans)?;
    let member_bytes = drives.iter().map(|d| d.capacity_bytes).min().unwrap_or(0);
    let largest = drives.iter().map(|d| d.capacity_bytes).max().unwrap_or(0);
    let per_span = n / spans;
    let data_per_span = match level {
        RaidLevel::Raid10 => per_span / 2,
        _ => per_span - level.redundancy(),
    };
    let usable_bytes = u64::from(spans * data_per_span) * member_bytes;
    let (fault_tolerance, fault_tolerance_best) = match level {
        RaidLevel::Raid0 => (0, 0),
        RaidLevel::Raid1 => (1, 1),
        RaidLevel::Raid5 => (1, 1),
        RaidLevel::Raid6 => (2, 2),
        RaidLevel::Raid10 => (1, spans * (per_span / 2)),
        RaidLevel::Raid50 => (1, spans),
        RaidLevel::Raid60 => (2, 2 * spans),
    };

    for (i, spare) in request.hot_spares.iter().enumerate() {
        let name = spare
            .id
            .clone()
            .unwrap_or_else(|| format!("hot spare {}", i + 1));
        if spare.failed {
            return Err(refuse(
                "failed_spare",
                format!("{name} has failed and cannot stand by"),
            ));
        }
        if spare.capacity_bytes < member_bytes {
            return Err(refuse(
                "spare_too_small",
                format!(
                    "{name} ({}) is smaller than the members ({}) it would replace",
                    format_bytes(spare.capacity_bytes),
                    format_bytes(member_bytes)
                ),
            ));
        }
    }

    let mut warnings = Vec::new();
    if largest > member_bytes {
        let wasted: u64 = drives.iter().map(|d| d.capacity_bytes - member_bytes).sum();
        warnings.push(warn(
            "mixed_sizes",
            format!(
                "the drives differ in size: each is used as {} and {} go unused",
                format_bytes(member_bytes),
                format_bytes(wasted)
            ),
        ));
    }
    let media: Vec<Media> = drives
        .iter()
        .chain(&request.hot_spares)
        .filter_map(|d| d.media)
        .collect();
    if media.iter().any(|m| *m != media[0]) {
        warnings.push(warn(
            "mixed_media",
            String::from(
                "HDDs and SSDs are mixed: the volume runs at the speed of the slowest drive",
            ),
        ));
    }
    if level == RaidLevel::Raid0 && n > 1 {
        warnings.push(warn(
            "no_redundancy",
            format!(
                "RAID 0 survives no drive failure: losing any of the {n} drives loses the volume"
            ),
        ));
    }

    Ok(RaidPlan {
        level,
        drives: n,
        spans,
        member_bytes,
        raw_bytes: drives.iter().map(|d| d.capacity_bytes).sum(),
        usable_bytes,
        fault_tolerance,
        fault_tolerance_best,
        hot_spares: request.hot_spares.len() as u32,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GB960: u64 = 960_000_000_000;
    const TB: u64 = 1_000_000_000_000;

    fn request(level: RaidLevel, sizes: &[u64]) -> RaidRequest {
        RaidRequest {
            level,
            drives: sizes.iter().map(|s| PlanDrive::sized(*s)).collect(),
            spans: None,
            hot_spares: Vec::new(),
        }
    }

    fn plan_of(level: RaidLevel, sizes: &[u64]) -> Result<RaidPlan, RaidRefusal> {
        plan(&request(level, sizes))
    }

    #[test]
    fn capacity_and_fault_tolerance_per_level() {
        use RaidLevel::*;
        // (level, drives, usable in drives, guaranteed, best)
        let table = [
            (Raid0, 1, 1, 0, 0),
            (Raid0, 4, 4, 0, 0),
            (Raid1, 2, 1, 1, 1),
            (Raid5, 3, 2, 1, 1),
            (Raid5, 8, 7, 1, 1),
            (Raid6, 4, 2, 2, 2),
            (Raid6, 10, 8, 2, 2),
            (Raid10, 4, 2, 1, 2),
            (Raid10, 8, 4, 1, 4),
            (Raid50, 6, 4, 1, 2),
            (Raid50, 12, 10, 1, 2),
            (Raid60, 8, 4, 2, 4),
            (Raid60, 12, 8, 2, 4),
        ];
        for (level, n, data, ft, best) in table {
            let p =
                plan_of(level, &vec![GB960; n]).unwrap_or_else(|e| panic!("{level:?} x{n}: {e}"));
            assert_eq!(p.usable_bytes, data * GB960, "{level:?} x{n}");
            assert_eq!(
                (p.fault_tolerance, p.fault_tolerance_best),
                (ft, best),
                "{level:?} x{n}"
            );
            assert_eq!(p.raw_bytes, n as u64 * GB960);
        }
    }

    #[test]
    fn impossible_layouts_are_refused_with_the_reason() {
        use RaidLevel::*;
        let table: [(RaidLevel, usize, &str, &str); 9] = [
            (Raid5, 2, "too_few_drives", "at least 3 drives"),
            (Raid6, 3, "too_few_drives", "at least 4 drives"),
            (Raid1, 3, "exact_drive_count", "exactly 2"),
            (Raid1, 1, "exact_drive_count", "exactly 2"),
            (Raid10, 5, "uneven_spans", "even number"),
            (Raid10, 2, "too_few_drives", "at least 4"),
            (Raid50, 7, "uneven_spans", "equal spans"),
            (Raid60, 6, "too_few_drives", "at least 8"),
            (Raid0, 0, "no_drives", "none were chosen"),
        ];
        for (level, n, code, words) in table {
            let refusal = plan_of(level, &vec![TB; n]).expect_err("impossible");
            assert_eq!(refusal.code, code, "{level:?} x{n}: {refusal}");
            assert!(refusal.message.contains(words), "{level:?} x{n}: {refusal}");
        }
    }

    #[test]
    fn spans_can_be_chosen_where_the_drives_split_evenly() {
        let mut r = request(RaidLevel::Raid50, &[TB; 12]);
        r.spans = Some(3);
        let p = plan(&r).expect("3 spans of 4");
        assert_eq!(
            (p.spans, p.usable_bytes, p.fault_tolerance_best),
            (3, 9 * TB, 3)
        );
        r.spans = Some(5);
        assert_eq!(plan(&r).expect_err("12 / 5").code, "uneven_spans");
        r.spans = Some(6);
        assert_eq!(plan(&r).expect_err("spans of 2").code, "uneven_spans");
        let mut r5 = request(RaidLevel::Raid5, &[TB; 3]);
        r5.spans = Some(2);
        assert_eq!(plan(&r5).expect_err("no spans").code, "uneven_spans");
    }

    #[test]
    fn the_smallest_member_sets_the_size_and_says_what_is_lost() {
        let p = plan_of(RaidLevel::Raid5, &[TB, TB, GB960]).expect("valid");
        assert_eq!(p.member_bytes, GB960);
        assert_eq!(p.usable_bytes, 2 * GB960);
        let mixed = p
            .warnings
            .iter()
            .find(|w| w.code == "mixed_sizes")
            .expect("warned");
        assert!(
            mixed.message.contains("80 GB go unused"),
            "{}",
            mixed.message
        );
    }

    #[test]
    fn media_failed_drives_and_spares_are_checked() {
        let mut r = request(RaidLevel::Raid1, &[TB, TB]);
        r.drives[0].media = Some(Media::Ssd);
        r.drives[1].media = Some(Media::Hdd);
        let p = plan(&r).expect("valid");
        assert!(p.warnings.iter().any(|w| w.code == "mixed_media"));

        r.drives[1].failed = true;
        r.drives[1].id = Some("Disk.Bay.1".into());
        let refusal = plan(&r).expect_err("failed member");
        assert_eq!(refusal.code, "failed_drive");
        assert!(refusal.message.starts_with("Disk.Bay.1"));

        let mut spared = request(RaidLevel::Raid5, &[TB; 3]);
        spared.hot_spares = vec![PlanDrive::sized(GB960)];
        assert_eq!(
            plan(&spared).expect_err("small spare").code,
            "spare_too_small"
        );
        spared.hot_spares = vec![PlanDrive::sized(TB)];
        assert_eq!(plan(&spared).expect("spare").hot_spares, 1);

        assert!(plan_of(RaidLevel::Raid0, &[TB, TB])
            .expect("valid")
            .warnings
            .iter()
            .any(|w| w.code == "no_redundancy"));
    }

    #[test]
    fn usable_never_exceeds_raw_for_any_count() {
        for level in RaidLevel::ALL {
            for n in 0..=24 {
                let sizes: Vec<u64> = (0..n).map(|i| TB + i as u64 * GB960 / 7).collect();
                if let Ok(p) = plan_of(level, &sizes) {
                    assert!(p.usable_bytes <= p.raw_bytes, "{level:?} x{n}");
                    assert!(p.usable_bytes > 0, "{level:?} x{n}");
                    assert_eq!(p.usable_bytes % p.member_bytes, 0);
                    assert!(p.fault_tolerance <= p.fault_tolerance_best);
                    assert!(p.fault_tolerance < p.drives || level == RaidLevel::Raid0);
                }
            }
        }
    }

    #[test]
    fn the_wire_names_are_snake_case() {
        let p = plan_of(RaidLevel::Raid10, &[GB960; 4]).expect("valid");
        let json = serde_json::to_value(&p).expect("json");
        assert_eq!(json["level"], "raid10");
        assert_eq!(json["usable_bytes"], 1_920_000_000_000u64);
        assert_eq!(json["fault_tolerance"], 1);
        assert_eq!(RaidLevel::from_redfish("RAID60"), Some(RaidLevel::Raid60));
    }
}
