-- A server's pass through Deletion: open (running or failed) until the
-- pipeline verifies it clean, then closed for good with its certificate.
CREATE TABLE deletions (
    id          TEXT PRIMARY KEY,
    server_id   TEXT NOT NULL REFERENCES servers (id),
    server_name TEXT NOT NULL,
    started_by  TEXT NOT NULL,
    role        TEXT NOT NULL,
    reason      TEXT,
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    state       TEXT NOT NULL CHECK (state IN ('running', 'failed', 'verified')),
    -- The step under way, or the one that failed.
    step        TEXT,
    error       TEXT,
    error_code  TEXT,
    job_id      TEXT
);
CREATE UNIQUE INDEX deletions_one_open ON deletions (server_id) WHERE state <> 'verified';

-- Each step of a deletion as last run; a retry runs it again and overwrites it.
CREATE TABLE deletion_steps (
    deletion_id TEXT NOT NULL REFERENCES deletions (id),
    step        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    detail      TEXT,
    PRIMARY KEY (deletion_id, step)
);

-- Each drive's erase. 'completed' is written only once the BMC's task said so;
-- a row left 'running' by a crash is followed (or erased again) on resume.
CREATE TABLE erasures (
    deletion_id    TEXT NOT NULL REFERENCES deletions (id),
    drive_id       TEXT NOT NULL,
    drive_path     TEXT NOT NULL,
    model          TEXT,
    serial         TEXT,
    capacity_bytes INTEGER,
    method         TEXT NOT NULL,
    task           TEXT,
    started_at     TEXT NOT NULL,
    ended_at       TEXT,
    state          TEXT NOT NULL CHECK (state IN ('running', 'completed', 'failed')),
    message        TEXT,
    PRIMARY KEY (deletion_id, drive_id)
);

-- Erasure certificates: issued once per verified deletion, never changed.
CREATE TABLE certificates (
    id          TEXT PRIMARY KEY,
    deletion_id TEXT NOT NULL UNIQUE REFERENCES deletions (id),
    server_id   TEXT NOT NULL,
    server_name TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX certificates_by_server ON certificates (server_id, issued_at);
CREATE TRIGGER certificates_never_change BEFORE UPDATE ON certificates
BEGIN
    SELECT RAISE(ABORT, 'an erasure certificate is never changed');
END;
CREATE TRIGGER certificates_never_go BEFORE DELETE ON certificates
BEGIN
    SELECT RAISE(ABORT, 'an erasure certificate is never deleted');
END;
