-- Credentials for signed requests (AK/SK, spec §2.1) and bearer tokens (X-Auth-Token).
-- Secrets never appear in clear: an SK is stored AES-256-GCM-encrypted under the key file
-- that only the service reads (peeringd.key beside the database by default); a token is stored
-- only as its SHA-256.

CREATE TABLE credentials (
    access_key       TEXT PRIMARY KEY,    -- the AK: public, appears in logs
    project_id       TEXT NOT NULL,       -- the only project this AK may act for
    is_admin         INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    secret_encrypted BLOB NOT NULL,       -- nonce(12) || AES-256-GCM(SK) || tag(16), AAD = AK
    created_at       TEXT NOT NULL,
    revoked_at       TEXT                 -- set by `peeringctl credentials revoke`
) WITHOUT ROWID;

CREATE TABLE tokens (
    token_id    TEXT PRIMARY KEY,         -- public handle for listing/revoking; not the token
    token_hash  TEXT NOT NULL UNIQUE,     -- hex SHA-256 of the bearer token
    project_id  TEXT NOT NULL,
    is_admin    INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT
) WITHOUT ROWID;
