//! What a RAID controller accepts: drive counts per level, spans, media and size
//! rules, and the usable capacity that results. Pure, so it is tested directly.

use crate::model::{Health, Media};

/// One candidate member drive as the controller sees it.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    pub capacity_bytes: u64,
    pub media: Media,
    pub health: Health,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Bytes the volume offers.
    pub usable_bytes: u64,
    /// Bytes taken from each member (the smallest member sets it).
    pub per_drive_bytes: u64,
    /// Drive failures the volume survives in the worst case.
    pub tolerates: u32,
}

/// Spans used for nested levels (RAID50, RAID60), as most controllers default.
const SPANS: usize = 2;

/// Checks a layout and computes its capacity, or says in plain words why not.
pub fn plan(
    raid_type: &str,
    members: &[Member],
    requested_bytes: Option<u64>,
) -> Result<Plan, String> {
    let n = members.len();
    if n == 0 {
        return Err("a volume needs at least one drive".into());
    }
    if members.iter().any(|m| m.health == Health::Critical) {
        return Err("a failed drive cannot be part of a volume".into());
    }
    let first = members[0].media;
    if members.iter().any(|m| m.media != first) {
        return Err("SSDs and HDDs cannot be mixed in one volume".into());
    }
    let need = |min: usize, rule: &str| -> Result<(), String> {
        if n < min {
            Err(format!(
                "{raid_type} needs {rule}; {n} drive{} given",
                if n == 1 { " was" } else { "s were" }
            ))
        } else {
            Ok(())
        }
    };
    let (data_drives, tolerates) = match raid_type {
        "RAID0" => (n, 0),
        "RAID1" => {
            if n != 2 {
                return Err(format!("RAID1 mirrors exactly 2 drives; {n} were given"));
            }
            (1, 1)
        }
        "RAID5" => {
            need(3, "at least 3 drives")?;
            (n - 1, 1)
        }
        "RAID6" => {
            need(4, "at least 4 drives")?;
            (n - 2, 2)
        }
        "RAID10" => {
            need(4, "at least 4 drives")?;
            if !n.is_multiple_of(2) {
                return Err(format!(
                    "RAID10 needs an even number of drives; {n} were given"
                ));
            }
            (n / 2, 1)
        }
        "RAID50" => {
            need(SPANS * 3, "at least 6 drives (2 spans of 3)")?;
            if !n.is_multiple_of(SPANS) {
                return Err(format!(
                    "RAID50 splits drives into 2 equal spans; {n} drives do not split evenly"
                ));
            }
            (n - SPANS, 1)
        }
        "RAID60" => {
            need(SPANS * 4, "at least 8 drives (2 spans of 4)")?;
            if !n.is_multiple_of(SPANS) {
                return Err(format!(
                    "RAID60 splits drives into 2 equal spans; {n} drives do not split evenly"
                ));
            }
            (n - 2 * SPANS, 2)
        }
        other => return Err(format!("{other} is not a RAID level this controller knows")),
    };
    let per_drive_bytes = members.iter().map(|m| m.capacity_bytes).min().unwrap_or(0);
    let usable_bytes = per_drive_bytes * data_drives as u64;
    match requested_bytes {
        Some(0) => Err("a volume cannot be 0 bytes".into()),
        Some(asked) if asked > usable_bytes => Err(format!(
            "{asked} bytes were asked for, but {raid_type} on these drives offers {usable_bytes} bytes at most"
        )),
        Some(asked) => Ok(Plan {
            usable_bytes: asked,
            per_drive_bytes,
            tolerates,
        }),
        None => Ok(Plan {
            usable_bytes,
            per_drive_bytes,
            tolerates,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TB: u64 = 1_000_000_000_000;

    fn ssds(sizes: &[u64]) -> Vec<Member> {
        sizes
            .iter()
            .map(|&capacity_bytes| Member {
                capacity_bytes,
                media: Media::Ssd,
                health: Health::Ok,
            })
            .collect()
    }

    #[test]
    fn capacity_per_level() {
        let four = ssds(&[TB, TB, TB, TB]);
        let usable = |level: &str, drives: &[Member]| {
            plan(level, drives, None).map(|p| (p.usable_bytes / TB, p.tolerates))
        };
        assert_eq!(usable("RAID0", &four), Ok((4, 0)));
        assert_eq!(usable("RAID5", &four), Ok((3, 1)));
        assert_eq!(usable("RAID6", &four), Ok((2, 2)));
        assert_eq!(usable("RAID10", &four), Ok((2, 1)));
        assert_eq!(usable("RAID1", &four[..2]), Ok((1, 1)));
        assert_eq!(usable("RAID50", &ssds(&[TB; 6])), Ok((4, 1)));
        assert_eq!(usable("RAID60", &ssds(&[TB; 8])), Ok((4, 2)));
    }

    #[test]
    fn the_smallest_member_sets_the_size() {
        let mixed = ssds(&[2 * TB, TB, 2 * TB]);
        let p = plan("RAID5", &mixed, None).expect("valid");
        assert_eq!((p.per_drive_bytes, p.usable_bytes), (TB, 2 * TB));
    }

    #[test]
    fn impossible_layouts_say_why() {
        let cases: Vec<(&str, Vec<Member>, Option<u64>, &str)> = vec![
            ("RAID5", ssds(&[TB, TB]), None, "at least 3 drives"),
            ("RAID6", ssds(&[TB; 3]), None, "at least 4 drives"),
            ("RAID1", ssds(&[TB; 3]), None, "exactly 2"),
            ("RAID10", ssds(&[TB; 5]), None, "even number"),
            ("RAID50", ssds(&[TB; 7]), None, "2 equal spans"),
            ("RAID60", ssds(&[TB; 6]), None, "at least 8"),
            (
                "RAID5",
                ssds(&[TB; 3]),
                Some(3 * TB),
                "offers 2000000000000 bytes at most",
            ),
            ("RAID7", ssds(&[TB; 3]), None, "not a RAID level"),
            ("RAID0", vec![], None, "at least one drive"),
        ];
        for (level, drives, asked, why) in cases {
            let err = plan(level, &drives, asked).expect_err(level);
            assert!(err.contains(why), "{level}: {err}");
        }
        let mut mixed = ssds(&[TB; 3]);
        mixed[1].media = Media::Hdd;
        assert!(plan("RAID5", &mixed, None)
            .expect_err("mixed")
            .contains("mixed"));
        let mut failed = ssds(&[TB; 3]);
        failed[2].health = Health::Critical;
        assert!(plan("RAID5", &failed, None)
            .expect_err("failed")
            .contains("failed drive"));
    }
}
