//! BMC accounts, roles and sessions: what a real BMC enforces, including its
//! limit on simultaneous sessions and their idle timeout.

use std::time::Duration;

use tokio::time::Instant;

use crate::clock::timestamp;
use crate::redfish::error::RedfishError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Administrator,
    Operator,
    ReadOnly,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Administrator, Role::Operator, Role::ReadOnly];

    pub fn id(self) -> &'static str {
        match self {
            Role::Administrator => "Administrator",
            Role::Operator => "Operator",
            Role::ReadOnly => "ReadOnly",
        }
    }

    pub fn parse(id: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == id)
    }

    /// Redfish privileges the role carries.
    pub fn privileges(self) -> &'static [&'static str] {
        match self {
            Role::Administrator => &[
                "Login",
                "ConfigureManager",
                "ConfigureUsers",
                "ConfigureSelf",
                "ConfigureComponents",
            ],
            Role::Operator => &["Login", "ConfigureSelf", "ConfigureComponents"],
            Role::ReadOnly => &["Login", "ConfigureSelf"],
        }
    }

    pub fn may(self, privilege: &str) -> bool {
        self.privileges().contains(&privilege)
    }
}

#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub user: String,
    pub password: String,
    pub role: Role,
    pub enabled: bool,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub token: String,
    pub user: String,
    pub created: String,
    pub last_used: Instant,
}

/// Who is making a request, once authenticated.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: String,
    pub role: Role,
    pub session_id: Option<String>,
}

#[derive(Debug)]
pub struct Accounts {
    pub accounts: Vec<Account>,
    pub sessions: Vec<Session>,
    pub session_limit: usize,
    pub session_timeout: Duration,
    next_id: u64,
}

pub const MAX_ACCOUNTS: usize = 16;

impl Accounts {
    pub fn new(
        user: &str,
        password: &str,
        session_limit: usize,
        session_timeout: Duration,
    ) -> Accounts {
        Accounts {
            accounts: vec![Account {
                id: "2".into(),
                user: user.into(),
                password: password.into(),
                role: Role::Administrator,
                enabled: true,
            }],
            sessions: Vec::new(),
            session_limit,
            session_timeout,
            next_id: 1,
        }
    }

    fn check_password(&self, user: &str, password: &str) -> Option<&Account> {
        self.accounts
            .iter()
            .find(|a| a.enabled && a.user == user && a.password == password)
    }

    fn expire(&mut self, now: Instant) {
        let timeout = self.session_timeout;
        self.sessions
            .retain(|s| now.duration_since(s.last_used) < timeout);
    }

    /// Opens a session, or refuses bad credentials and a full session table.
    pub fn login(
        &mut self,
        user: &str,
        password: &str,
        now: Instant,
    ) -> Result<Session, RedfishError> {
        self.expire(now);
        if self.check_password(user, password).is_none() {
            return Err(RedfishError::no_valid_session());
        }
        if self.sessions.len() >= self.session_limit {
            return Err(RedfishError::session_limit());
        }
        let session = Session {
            id: self.next_id.to_string(),
            token: uuid::Uuid::new_v4().simple().to_string(),
            user: user.into(),
            created: timestamp(),
            last_used: now,
        };
        self.next_id += 1;
        self.sessions.push(session.clone());
        Ok(session)
    }

    /// Fills the table with other clients' sessions (the session-exhaustion fault).
    pub fn exhaust(&mut self, now: Instant) {
        while self.sessions.len() < self.session_limit {
            let id = self.next_id.to_string();
            self.next_id += 1;
            self.sessions.push(Session {
                id,
                token: uuid::Uuid::new_v4().simple().to_string(),
                user: "another-client".into(),
                created: timestamp(),
                last_used: now + Duration::from_secs(365 * 24 * 3600),
            });
        }
    }

    pub fn by_token(&mut self, token: &str, now: Instant) -> Option<Principal> {
        self.expire(now);
        let session = self.sessions.iter_mut().find(|s| s.token == token)?;
        session.last_used = now;
        let (user, id) = (session.user.clone(), session.id.clone());
        let role = self
            .accounts
            .iter()
            .find(|a| a.user == user && a.enabled)?
            .role;
        Some(Principal {
            user,
            role,
            session_id: Some(id),
        })
    }

    pub fn by_password(&self, user: &str, password: &str) -> Option<Principal> {
        self.check_password(user, password).map(|a| Principal {
            user: a.user.clone(),
            role: a.role,
            session_id: None,
        })
    }

    pub fn logout(&mut self, id: &str) -> bool {
        let before = self.sessions.len();
        self.sessions.retain(|s| s.id != id);
        self.sessions.len() < before
    }

    pub fn create(
        &mut self,
        user: &str,
        password: &str,
        role: Role,
        enabled: bool,
    ) -> Result<Account, RedfishError> {
        if self.accounts.iter().any(|a| a.user == user) {
            return Err(RedfishError::resource_already_exists(
                "ManagerAccount",
                "UserName",
                user,
            ));
        }
        if self.accounts.len() >= MAX_ACCOUNTS {
            return Err(RedfishError::general_error().with_status(axum::http::StatusCode::CONFLICT));
        }
        let id = (2..)
            .map(|n: u32| n.to_string())
            .find(|id| self.accounts.iter().all(|a| &a.id != id))
            .unwrap_or_default();
        let account = Account {
            id,
            user: user.into(),
            password: password.into(),
            role,
            enabled,
        };
        self.accounts.push(account.clone());
        Ok(account)
    }

    /// Removes an account and the sessions it had open.
    pub fn delete(&mut self, id: &str) -> Option<Account> {
        let index = self.accounts.iter().position(|a| a.id == id)?;
        let account = self.accounts.remove(index);
        self.sessions.retain(|s| s.user != account.user);
        Some(account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(limit: usize) -> Accounts {
        Accounts::new("admin", "pw", limit, Duration::from_secs(60))
    }

    #[test]
    fn the_session_limit_is_enforced_and_logout_frees_a_slot() {
        let mut t = table(2);
        let now = Instant::now();
        let a = t.login("admin", "pw", now).expect("first");
        t.login("admin", "pw", now).expect("second");
        let err = t.login("admin", "pw", now).expect_err("third");
        assert_eq!(err.status, axum::http::StatusCode::SERVICE_UNAVAILABLE);
        assert!(t.logout(&a.id));
        t.login("admin", "pw", now).expect("a slot is free again");
    }

    #[test]
    fn idle_sessions_expire() {
        let mut t = table(4);
        let now = Instant::now();
        let s = t.login("admin", "pw", now).expect("login");
        assert!(t
            .by_token(&s.token, now + Duration::from_secs(30))
            .is_some());
        assert!(t
            .by_token(&s.token, now + Duration::from_secs(91))
            .is_none());
    }

    #[test]
    fn wrong_passwords_and_deleted_accounts_are_refused() {
        let mut t = table(4);
        let now = Instant::now();
        assert!(t.login("admin", "nope", now).is_err());
        let op = t.create("op", "x", Role::Operator, true).expect("create");
        let s = t.login("op", "x", now).expect("login");
        assert!(
            t.create("op", "y", Role::ReadOnly, true).is_err(),
            "duplicate user"
        );
        t.delete(&op.id).expect("delete");
        assert!(
            t.by_token(&s.token, now).is_none(),
            "its sessions end with it"
        );
    }
}
