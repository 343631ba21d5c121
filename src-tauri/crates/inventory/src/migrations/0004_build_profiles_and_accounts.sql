-- Build profiles: a named set of BIOS values, a RAID layout and BMC settings,
-- kept as the JSON of its file format so an export is the row as it is.
CREATE TABLE build_profiles (
    name       TEXT PRIMARY KEY COLLATE NOCASE,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- BMC accounts Racksmith created for the customer: the password is in the OS
-- keyring under secret_ref, never here.
CREATE TABLE bmc_accounts (
    server_id  TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
    username   TEXT NOT NULL,
    role       TEXT NOT NULL,
    secret_ref TEXT NOT NULL,
    created_at TEXT NOT NULL,
    rotated_at TEXT,
    PRIMARY KEY (server_id, username)
);
