//! Per-request misbehaviour drawn from a server's fault settings.

use std::time::Duration;

use crate::rng::Rng;
use crate::spec::Faults;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    None,
    /// Close the connection without answering.
    Drop,
    /// Never answer; the client's timeout must fire.
    Hang,
    /// Answer with a 5xx Redfish error.
    ServerError,
    /// Answer with JSON cut short.
    Malformed,
}

pub fn draw(faults: &Faults, rng: &mut Rng) -> (Fault, Duration) {
    let latency = faults.latency_ms.map_or(Duration::ZERO, |range| {
        Duration::from_millis(range.min + rng.below(range.max - range.min + 1))
    });
    let roll = rng.unit();
    let mut threshold = 0.0;
    for (rate, fault) in [
        (faults.drop_rate, Fault::Drop),
        (faults.timeout_rate, Fault::Hang),
        (faults.error_rate, Fault::ServerError),
        (faults.malformed_rate, Fault::Malformed),
    ] {
        threshold += rate;
        if roll < threshold {
            return (fault, latency);
        }
    }
    (Fault::None, latency)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::LatencyRange;

    #[test]
    fn rates_are_honoured_over_many_requests() {
        let faults = Faults {
            error_rate: 0.2,
            drop_rate: 0.1,
            latency_ms: Some(LatencyRange { min: 5, max: 9 }),
            ..Faults::default()
        };
        let mut rng = Rng::new(3);
        let draws: Vec<_> = (0..10_000).map(|_| draw(&faults, &mut rng)).collect();
        let errors = draws
            .iter()
            .filter(|(f, _)| *f == Fault::ServerError)
            .count();
        let drops = draws.iter().filter(|(f, _)| *f == Fault::Drop).count();
        assert!((1_800..2_200).contains(&errors), "{errors}");
        assert!((850..1_150).contains(&drops), "{drops}");
        assert!(draws
            .iter()
            .all(|(_, l)| (5..=9).contains(&(l.as_millis() as u64))));
    }

    #[test]
    fn no_faults_means_none() {
        let mut rng = Rng::new(1);
        assert!(
            (0..1000).all(|_| draw(&Faults::default(), &mut rng) == (Fault::None, Duration::ZERO))
        );
    }
}
