-- PostgreSQL version of migrations/0001_create_peerings.sql: same tables, columns, constraints
-- and indexes. Peerings and their state-change history (spec §1.1, §5).
-- Timestamps are UTC text 'YYYY-MM-DDTHH:MM:SS' so that string order equals time order. Every
-- text column is COLLATE "C": byte order, like SQLite's BINARY, so ids and timestamps sort and
-- compare exactly as they do on SQLite whatever the database's default collation is.

CREATE TABLE peerings (
    id                text COLLATE "C" PRIMARY KEY,  -- canonical lowercase UUID
    name              text COLLATE "C" NOT NULL,
    description       text COLLATE "C" NOT NULL DEFAULT '',
    status            text COLLATE "C" NOT NULL CHECK (status IN
                        ('PENDING_ACCEPTANCE', 'ACTIVE', 'REJECTED', 'EXPIRED', 'DELETED')),
    request_vpc_id    text COLLATE "C" NOT NULL,
    request_tenant_id text COLLATE "C" NOT NULL,
    accept_vpc_id     text COLLATE "C" NOT NULL,
    accept_tenant_id  text COLLATE "C" NOT NULL,
    created_at        text COLLATE "C" NOT NULL,
    updated_at        text COLLATE "C" NOT NULL,
    -- Deadline of a pending request; NULL in every other status.
    expires_at        text COLLATE "C" CHECK ((status = 'PENDING_ACCEPTANCE') = (expires_at IS NOT NULL)),
    -- Set when a party deleted the peering; the row stays as a tombstone for the history.
    deleted_at        text COLLATE "C" CHECK ((status = 'DELETED') = (deleted_at IS NOT NULL))
);

-- At most one live peering per unordered VPC pair (§6.4). LEAST/GREATEST are PostgreSQL's
-- scalar min/max.
CREATE UNIQUE INDEX peerings_live_pair
    ON peerings (LEAST(request_vpc_id, accept_vpc_id), GREATEST(request_vpc_id, accept_vpc_id))
    WHERE status IN ('PENDING_ACCEPTANCE', 'ACTIVE');

-- Visibility (either party) and the list filters, each ending in id for keyset paging.
CREATE INDEX peerings_by_request_tenant ON peerings (request_tenant_id, id);
CREATE INDEX peerings_by_accept_tenant  ON peerings (accept_tenant_id, id);
CREATE INDEX peerings_by_request_vpc    ON peerings (request_vpc_id, id);
CREATE INDEX peerings_by_accept_vpc     ON peerings (accept_vpc_id, id);
CREATE INDEX peerings_by_name           ON peerings (name, id);
CREATE INDEX peerings_by_status         ON peerings (status, id);
-- The expiry sweep reads due rows in deadline order.
CREATE INDEX peerings_pending_deadline  ON peerings (expires_at) WHERE status = 'PENDING_ACCEPTANCE';

-- One row per change of a peering, written in the same transaction as the change: every
-- status change (create, accept, reject, expire, delete) and every name/description update
-- (from_status = to_status). from_status is NULL for a create; to_status 'DELETED' records a
-- delete. actor_project and request_id are NULL when the system acted (expiry).
-- revision has no sequence and no default: the application assigns it from feed_head below.
CREATE TABLE peering_history (
    revision      bigint PRIMARY KEY,
    peering_id    text COLLATE "C" NOT NULL REFERENCES peerings (id),
    action        text COLLATE "C" NOT NULL CHECK (action IN
                    ('create', 'accept', 'reject', 'expire', 'update', 'delete')),
    from_status   text COLLATE "C",
    to_status     text COLLATE "C" NOT NULL,
    actor_project text COLLATE "C",
    changed_at    text COLLATE "C" NOT NULL,
    request_id    text COLLATE "C"
);
CREATE INDEX peering_history_by_peering ON peering_history (peering_id, revision);
CREATE INDEX peering_history_by_time    ON peering_history (changed_at);

-- The last revision handed out (PostgreSQL only; SQLite's AUTOINCREMENT plays this part there).
-- The change feed needs revisions that are dense (no gaps) and in commit order: a client that
-- has seen revision N must never later find a new row below N. A sequence gives neither: a
-- rolled-back transaction burns its value, and two transactions may commit in the opposite
-- order of their nextval() calls. So every write transaction first locks this one row
-- (UPDATE feed_head SET revision = revision + n ... RETURNING), which serializes the writers
-- exactly as SQLite's single writer does, and takes its revisions from it; the lock is held to
-- commit, so revisions are committed in increasing order with no holes.
CREATE TABLE feed_head (
    id       integer PRIMARY KEY CHECK (id = 1),
    revision bigint NOT NULL
);
INSERT INTO feed_head VALUES (1, 0);
