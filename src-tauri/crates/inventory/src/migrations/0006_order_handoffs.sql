-- Tasks of an order handed to a BMC to apply in its maintenance window on its
-- own (@Redfish.MaintenanceWindow), or kept for Racksmith to run, and why.
CREATE TABLE order_handoffs (
    order_id    TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    occurrence  TEXT NOT NULL,
    server_id   TEXT NOT NULL,
    task_index  INTEGER NOT NULL,
    via         TEXT NOT NULL CHECK (via IN ('bmc', 'racksmith')),
    detail      TEXT NOT NULL,
    -- Firmware versions when it was staged (JSON id → version): the run
    -- checks against them that the BMC applied it.
    versions    TEXT NOT NULL DEFAULT '{}',
    at          TEXT NOT NULL,
    PRIMARY KEY (order_id, occurrence, server_id, task_index)
);
