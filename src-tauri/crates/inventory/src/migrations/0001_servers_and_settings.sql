CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE servers (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    stage       TEXT NOT NULL CHECK (stage IN (
                    'inventory', 'building', 'in_service', 'maintenance_customer',
                    'maintenance_operator', 'deletion', 'retired')),
    model       TEXT,
    serial      TEXT,
    bmc_address TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE INDEX servers_by_stage ON servers (stage, name);
