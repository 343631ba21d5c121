//! The sessions a front end has open, by id, so later calls (input, a
//! screenshot, close) find theirs.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::error::{ConsoleError, Problem};
use crate::framebuffer::Framebuffer;
use crate::input::Input;
use crate::keyboard::Layout;
use crate::session::{Session, Sink, Target};

/// Sessions one user may have open at once; BMCs limit theirs too.
pub const MAX_OPEN: usize = 16;

#[derive(Default)]
pub struct Consoles {
    sessions: Mutex<HashMap<String, (String, Session)>>,
}

impl std::fmt::Debug for Consoles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Consoles({} open)", self.lock().len())
    }
}

fn gone(id: &str) -> ConsoleError {
    ConsoleError::new(Problem::Dropped, format!("no console session {id} is open"))
}

impl Consoles {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, (String, Session)>> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts a session for `owner` (a server id) and returns its id.
    pub fn open(
        &self,
        owner: &str,
        target: Target,
        layout: Layout,
        sink: impl Sink,
    ) -> Result<String, ConsoleError> {
        let mut sessions = self.lock();
        sessions.retain(|_, (_, s)| !s.is_finished());
        if sessions.len() >= MAX_OPEN {
            return Err(ConsoleError::new(
                Problem::Refused,
                format!("{MAX_OPEN} consoles are open already; close one first"),
            ));
        }
        let id = format!("console-{}", next_id());
        sessions.insert(
            id.clone(),
            (owner.to_owned(), Session::start(target, layout, sink)),
        );
        Ok(id)
    }

    pub fn input(&self, id: &str, inputs: Vec<Input>) -> Result<(), ConsoleError> {
        let sessions = self.lock();
        let (_, session) = sessions.get(id).ok_or_else(|| gone(id))?;
        inputs.into_iter().try_for_each(|i| session.apply(i))
    }

    /// The session's owner and its picture now.
    pub async fn snapshot(&self, id: &str) -> Result<(String, Framebuffer), ConsoleError> {
        let (owner, commands) = {
            let sessions = self.lock();
            let (owner, session) = sessions.get(id).ok_or_else(|| gone(id))?;
            (owner.clone(), session.handle())
        };
        Ok((owner, commands.snapshot().await?))
    }

    pub async fn close(&self, id: &str) {
        let session = self.lock().remove(id);
        if let Some((_, session)) = session {
            session.close().await;
        }
    }

    pub async fn close_all(&self) {
        let all: Vec<_> = self.lock().drain().collect();
        for (_, (_, session)) in all {
            session.close().await;
        }
    }
}

fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}
