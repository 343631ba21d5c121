-- Scheduled orders: tasks for a set of servers at a local time in a time zone,
-- once or by a recurrence rule. The order itself is kept as the JSON the core
-- checked (tasks, servers, schedule, window, grace, stage move).
CREATE TABLE orders (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- One row per occurrence that came due. The primary key is the lease: only the
-- runner whose INSERT made the row runs it; it renews lease_until while it
-- works, and a running row whose lease ran out belongs to a runner that died.
CREATE TABLE order_runs (
    order_id     TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    occurrence   TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'missed')),
    runner       TEXT,
    lease_until  TEXT,
    job_id       TEXT REFERENCES jobs (id),
    started_at   TEXT,
    finished_at  TEXT,
    note         TEXT,
    PRIMARY KEY (order_id, occurrence)
);
CREATE INDEX order_runs_by_state ON order_runs (state);
