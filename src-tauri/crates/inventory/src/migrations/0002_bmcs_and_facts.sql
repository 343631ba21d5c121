-- BMCs hold addresses, user names, trust and a credential *reference*; the
-- password itself lives in the OS keyring (or, for the lab, in the lab).
CREATE TABLE bmcs (
    id              TEXT PRIMARY KEY,
    address         TEXT NOT NULL UNIQUE,
    username        TEXT NOT NULL,
    credential      TEXT NOT NULL,
    trust           TEXT NOT NULL CHECK (trust IN ('pinned', 'ca_bundle')),
    pin_sha256      TEXT,
    ca_bundle_path  TEXT,
    origin          TEXT NOT NULL DEFAULT 'user' CHECK (origin IN ('user', 'lab')),
    vendor          TEXT,
    created_at      TEXT NOT NULL,
    last_contact_at TEXT,
    CHECK ((trust = 'pinned') = (pin_sha256 IS NOT NULL)),
    CHECK ((trust = 'ca_bundle') = (ca_bundle_path IS NOT NULL))
);

ALTER TABLE servers ADD COLUMN bmc_id TEXT REFERENCES bmcs (id) ON DELETE SET NULL;
ALTER TABLE servers ADD COLUMN system_path TEXT;
ALTER TABLE servers ADD COLUMN site TEXT;
ALTER TABLE servers ADD COLUMN room TEXT;
ALTER TABLE servers ADD COLUMN rack TEXT;
ALTER TABLE servers ADD COLUMN rack_unit INTEGER;
ALTER TABLE servers ADD COLUMN asset_tag TEXT;
ALTER TABLE servers ADD COLUMN power_state TEXT;
ALTER TABLE servers ADD COLUMN health TEXT;
-- The facts as last read (JSON, each group stamped with its read time).
ALTER TABLE servers ADD COLUMN facts TEXT;
ALTER TABLE servers ADD COLUMN refreshed_at TEXT;
ALTER TABLE servers ADD COLUMN refresh_error TEXT;
ALTER TABLE servers ADD COLUMN refresh_error_code TEXT;

CREATE UNIQUE INDEX servers_by_system ON servers (bmc_id, system_path);
