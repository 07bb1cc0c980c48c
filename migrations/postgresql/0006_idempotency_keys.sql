-- PostgreSQL version of migrations/0006_idempotency_keys.sql.
-- Idempotency-Key on create (docs/API.md, extension): one row per key a project used on a
-- successful create, written in the create's own transaction, so a key exists exactly when its
-- peering does. Keys are per project: the same key in two projects names two creates.
-- Lookups ignore rows older than --idempotency-ttl; the expiry sweeper prunes them in batches.

CREATE TABLE idempotency_keys (
    project      text COLLATE "C" NOT NULL,
    key          text COLLATE "C" NOT NULL,  -- 1..255 visible ASCII characters, as sent
    request_hash text COLLATE "C" NOT NULL,  -- lowercase hex SHA-256 of the request body bytes
    peering_id   text COLLATE "C" NOT NULL REFERENCES peerings (id),
    created_at   text COLLATE "C" NOT NULL,  -- UTC 'YYYY-MM-DDTHH:MM:SS', like every other timestamp
    PRIMARY KEY (project, key)
);

-- The pruning sweep deletes the oldest rows first.
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
