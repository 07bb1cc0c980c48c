-- PostgreSQL version of migrations/0002_create_credentials.sql.
-- Credentials for signed requests (AK/SK, spec §2.1) and bearer tokens (X-Auth-Token).
-- Secrets never appear in clear: an SK is stored AES-256-GCM-encrypted under the key file
-- that only the service reads; a token is stored only as its SHA-256.

CREATE TABLE credentials (
    access_key       text COLLATE "C" PRIMARY KEY,  -- the AK: public, appears in logs
    project_id       text COLLATE "C" NOT NULL,     -- the only project this AK may act for
    is_admin         integer NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    secret_encrypted bytea NOT NULL,                -- nonce(12) || AES-256-GCM(SK) || tag(16), AAD = AK
    created_at       text COLLATE "C" NOT NULL,
    revoked_at       text COLLATE "C"               -- set by `peeringctl credentials revoke`
);

CREATE TABLE tokens (
    token_id    text COLLATE "C" PRIMARY KEY,       -- public handle for listing/revoking; not the token
    token_hash  text COLLATE "C" NOT NULL UNIQUE,   -- hex SHA-256 of the bearer token
    project_id  text COLLATE "C" NOT NULL,
    is_admin    integer NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    created_at  text COLLATE "C" NOT NULL,
    expires_at  text COLLATE "C" NOT NULL,
    revoked_at  text COLLATE "C"
);
