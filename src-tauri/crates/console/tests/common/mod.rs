//! A recording sink and waiting helpers shared by the console tests.
#![allow(dead_code)]

pub mod qemu;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use racksmith_console::{ConsoleState, ConsoleStatus, Sink};

/// Everything a session reported, with when it arrived.
#[derive(Default)]
pub struct Seen {
    pub statuses: Vec<ConsoleStatus>,
    pub batches: Vec<(Instant, usize)>,
}

#[derive(Clone, Default)]
pub struct Recorder(pub Arc<Mutex<Seen>>);

impl Sink for Recorder {
    fn frames(&mut self, batch: Vec<u8>) {
        self.0
            .lock()
            .expect("lock")
            .batches
            .push((Instant::now(), batch.len()));
    }
    fn status(&mut self, status: &ConsoleStatus) {
        self.0.lock().expect("lock").statuses.push(status.clone());
    }
}

impl Recorder {
    pub fn states(&self) -> Vec<ConsoleState> {
        self.0
            .lock()
            .expect("lock")
            .statuses
            .iter()
            .map(|s| s.state)
            .collect()
    }

    pub fn last(&self) -> Option<ConsoleStatus> {
        self.0.lock().expect("lock").statuses.last().cloned()
    }

    pub fn batch_count(&self) -> usize {
        self.0.lock().expect("lock").batches.len()
    }

    /// How many times the session became connected (status repeats while connected).
    pub fn connected_count(&self) -> usize {
        let states = self.states();
        states
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                **s == ConsoleState::Connected
                    && (*i == 0 || states[i - 1] != ConsoleState::Connected)
            })
            .count()
    }
}

pub async fn wait_until(what: &str, deadline: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        if start.elapsed() >= deadline {
            panic!("timed out after {deadline:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
