//! When a scheduled order runs: a wall-clock start in the user's time zone,
//! once or repeated by an iCalendar RRULE, each occurrence lasting the order's
//! maintenance window. "Every Wednesday 22:00" stays 22:00 local across a
//! daylight-saving change, so its UTC instant moves by an hour.

use std::str::FromStr;

pub use chrono;
pub use chrono_tz;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use rrule::{RRule, RRuleSet, Tz, Unvalidated};

/// The most occurrences one question walks through; a minutely rule over a
/// year would otherwise be half a million.
const MAX_STEPS: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Local wall-clock start, `YYYY-MM-DDTHH:MM`.
    pub start: NaiveDateTime,
    /// An IANA name such as `Asia/Tokyo`.
    pub time_zone: chrono_tz::Tz,
    /// `FREQ=WEEKLY;BYDAY=WE` and the like; none runs once.
    pub rrule: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError(pub String);

impl std::fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScheduleError {}

impl Schedule {
    /// Checks the parts as a user typed them.
    pub fn parse(
        start: &str,
        time_zone: &str,
        rrule: Option<&str>,
    ) -> Result<Schedule, ScheduleError> {
        let start = NaiveDateTime::parse_from_str(start.trim(), "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(start.trim(), "%Y-%m-%dT%H:%M:%S"))
            .map_err(|_| {
                ScheduleError(format!(
                    "\"{start}\" is not a local date and time (YYYY-MM-DDTHH:MM)"
                ))
            })?;
        let time_zone = chrono_tz::Tz::from_str(time_zone.trim()).map_err(|_| {
            ScheduleError(format!(
                "\"{time_zone}\" is not a time zone name such as Asia/Tokyo"
            ))
        })?;
        let rrule = rrule
            .map(|r| r.trim().trim_start_matches("RRULE:").to_owned())
            .filter(|r| !r.is_empty());
        let schedule = Schedule {
            start,
            time_zone,
            rrule,
        };
        schedule.set()?; // an impossible rule is refused now, not at run time
        Ok(schedule)
    }

    /// The first occurrence as an instant. A start that falls in a
    /// daylight-saving gap moves forward to the first valid time.
    pub fn first(&self) -> DateTime<Utc> {
        local_instant(self.time_zone, self.start)
    }

    fn set(&self) -> Result<Option<RRuleSet>, ScheduleError> {
        let Some(text) = &self.rrule else {
            return Ok(None);
        };
        if text.contains("DTSTART") || text.contains('\n') {
            return Err(ScheduleError(
                "give the rule without DTSTART; the start is set apart".into(),
            ));
        }
        let rule = RRule::<Unvalidated>::from_str(text)
            .map_err(|e| ScheduleError(format!("\"{text}\" is not a recurrence rule: {e}")))?;
        let start = Tz::Tz(self.time_zone).from_utc_datetime(&self.first().naive_utc());
        rule.build(start).map(Some).map_err(|e| {
            ScheduleError(format!("\"{text}\" cannot repeat from {}: {e}", self.start))
        })
    }

    /// Occurrences that start in `[from, to]`, in order.
    pub fn between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        match self.set() {
            Ok(None) => {
                let first = self.first();
                if first >= from && first <= to {
                    vec![first]
                } else {
                    Vec::new()
                }
            }
            Ok(Some(set)) => set
                .into_iter()
                .take(MAX_STEPS)
                .map(|t| t.with_timezone(&Utc))
                .take_while(|t| *t <= to)
                .filter(|t| *t >= from)
                .collect(),
            // Checked in `parse`; a stored rule that no longer parses has no occurrences.
            Err(_) => Vec::new(),
        }
    }

    /// The next occurrence at or after `from`, if any.
    pub fn next_from(&self, from: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.set() {
            Ok(None) => Some(self.first()).filter(|t| *t >= from),
            Ok(Some(set)) => set
                .into_iter()
                .take(MAX_STEPS)
                .map(|t| t.with_timezone(&Utc))
                .find(|t| *t >= from),
            Err(_) => None,
        }
    }
}

fn local_instant(zone: chrono_tz::Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let mut probe = local;
    // A gap is at most a few hours; step forward a minute at a time.
    for _ in 0..24 * 60 {
        if let Some(t) = zone.from_local_datetime(&probe).earliest() {
            return t.with_timezone(&Utc);
        }
        probe += chrono::Duration::minutes(1);
    }
    Utc.from_utc_datetime(&local)
}

/// Whether two occurrences with their windows share any time.
pub fn overlaps(a: DateTime<Utc>, a_minutes: u32, b: DateTime<Utc>, b_minutes: u32) -> bool {
    let a_end = a + chrono::Duration::minutes(i64::from(a_minutes.max(1)));
    let b_end = b + chrono::Duration::minutes(i64::from(b_minutes.max(1)));
    a < b_end && b < a_end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("rfc3339")
            .with_timezone(&Utc)
    }

    #[test]
    fn a_one_off_order_occurs_once() {
        let s = Schedule::parse("2026-11-25T22:00", "Asia/Tokyo", None).expect("ok");
        assert_eq!(s.first(), utc("2026-11-25T13:00:00Z"));
        let all = s.between(utc("2026-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z"));
        assert_eq!(all, vec![utc("2026-11-25T13:00:00Z")]);
        assert_eq!(s.next_from(utc("2026-11-25T13:00:01Z")), None);
    }

    #[test]
    fn weekly_keeps_local_time_across_daylight_saving() {
        // Berlin leaves summer time on Sunday 25 October 2026.
        let s = Schedule::parse(
            "2026-10-14T22:00",
            "Europe/Berlin",
            Some("FREQ=WEEKLY;BYDAY=WE"),
        )
        .expect("ok");
        let all = s.between(utc("2026-10-01T00:00:00Z"), utc("2026-11-05T00:00:00Z"));
        assert_eq!(
            all,
            vec![
                utc("2026-10-14T20:00:00Z"), // CEST, UTC+2
                utc("2026-10-21T20:00:00Z"),
                utc("2026-10-28T21:00:00Z"), // CET, UTC+1
                utc("2026-11-04T21:00:00Z"),
            ]
        );
    }

    #[test]
    fn a_start_in_the_spring_gap_moves_forward() {
        // 02:30 does not exist in New York on 8 March 2026.
        let s = Schedule::parse("2026-03-08T02:30", "America/New_York", None).expect("ok");
        assert_eq!(s.first(), utc("2026-03-08T07:00:00Z")); // 03:00 EDT
    }

    #[test]
    fn bad_parts_are_named() {
        assert!(Schedule::parse("tomorrow", "UTC", None)
            .expect_err("refused")
            .0
            .contains("tomorrow"));
        assert!(Schedule::parse("2026-11-25T22:00", "Mars/Olympus", None)
            .expect_err("refused")
            .0
            .contains("Mars/Olympus"));
        assert!(
            Schedule::parse("2026-11-25T22:00", "UTC", Some("FREQ=SOMETIMES"))
                .expect_err("refused")
                .0
                .contains("FREQ=SOMETIMES")
        );
        assert!(Schedule::parse(
            "2026-11-25T22:00",
            "UTC",
            Some("DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY")
        )
        .is_err());
    }

    #[test]
    fn windows_overlap_only_when_they_share_time() {
        let t = utc("2026-11-25T13:00:00Z");
        assert!(overlaps(t, 60, t + chrono::Duration::minutes(59), 10));
        assert!(!overlaps(t, 60, t + chrono::Duration::minutes(60), 10));
        assert!(overlaps(t + chrono::Duration::minutes(30), 10, t, 60));
    }

    #[test]
    fn a_rule_with_an_end_stops() {
        let s = Schedule::parse("2026-11-23T01:00", "UTC", Some("FREQ=DAILY;COUNT=3")).expect("ok");
        assert_eq!(
            s.between(utc("2026-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z"))
                .len(),
            3
        );
        assert_eq!(s.next_from(utc("2026-11-26T00:00:00Z")), None);
    }
}
