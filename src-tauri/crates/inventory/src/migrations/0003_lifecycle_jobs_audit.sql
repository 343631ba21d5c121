-- Lifecycle: the operator's hold, field-team dates, who moved what where, the
-- jobs engine's state and the hash-chained audit log.

ALTER TABLE servers ADD COLUMN stage_since TEXT;
ALTER TABLE servers ADD COLUMN hold_by TEXT;
ALTER TABLE servers ADD COLUMN hold_reason TEXT;
ALTER TABLE servers ADD COLUMN hold_until TEXT;
ALTER TABLE servers ADD COLUMN held_from TEXT;
-- Set by Deletion's pipeline once the server is verified clean.
ALTER TABLE servers ADD COLUMN cleaned_at TEXT;
-- Calendar dates (YYYY-MM-DD).
ALTER TABLE servers ADD COLUMN received_on TEXT;
ALTER TABLE servers ADD COLUMN warranty_end TEXT;
ALTER TABLE servers ADD COLUMN eosl_on TEXT;

CREATE INDEX servers_by_eosl ON servers (eosl_on);

CREATE TABLE stage_changes (
    id         INTEGER PRIMARY KEY,
    server_id  TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    role       TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage   TEXT NOT NULL,
    reason     TEXT
);
CREATE INDEX stage_changes_by_server ON stage_changes (server_id, id);

CREATE TABLE jobs (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    params      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN (
                    'running', 'succeeded', 'failed', 'partial', 'cancelled', 'interrupted')),
    created_at  TEXT NOT NULL,
    finished_at TEXT,
    retry_of    TEXT REFERENCES jobs (id),
    -- Set when a later start found the job's process gone.
    recovered_at TEXT
);
CREATE INDEX jobs_by_state ON jobs (state);
CREATE INDEX jobs_by_created ON jobs (created_at);

CREATE TABLE job_servers (
    job_id      TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    server_id   TEXT NOT NULL,
    server_name TEXT NOT NULL,
    position    INTEGER NOT NULL,
    -- not_started: the job ended (cancelled or interrupted) before reaching it.
    state       TEXT NOT NULL CHECK (state IN (
                    'pending', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted',
                    'not_started')),
    step        TEXT,
    error       TEXT,
    error_code  TEXT,
    -- What the hardware said afterwards (a power state, say), or after a crash.
    result      TEXT,
    started_at  TEXT,
    finished_at TEXT,
    PRIMARY KEY (job_id, server_id)
);

CREATE TABLE job_log (
    id        INTEGER PRIMARY KEY,
    job_id    TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    server_id TEXT,
    at        TEXT NOT NULL,
    level     TEXT NOT NULL,
    line      TEXT NOT NULL
);
CREATE INDEX job_log_by_job ON job_log (job_id, id);

CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT,
    params    TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    detail    TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_by_target ON audit (target, seq);

CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
