-- Fleet engines the console drives instead of BMCs (OpenStack Ironic), and the
-- node each synced server is. Secrets stay in the keyring; secret_ref names them.
CREATE TABLE backends (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('ironic')),
    url         TEXT NOT NULL UNIQUE,
    -- The non-secret half of how to sign in, as JSON ({"kind": "none"}, ...).
    auth        TEXT NOT NULL,
    secret_ref  TEXT,
    api_version TEXT,
    created_at  TEXT NOT NULL,
    synced_at   TEXT
);

ALTER TABLE servers ADD COLUMN backend_id TEXT REFERENCES backends (id);
ALTER TABLE servers ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX servers_by_external ON servers (backend_id, external_id)
    WHERE external_id IS NOT NULL;
