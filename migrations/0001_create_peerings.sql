-- Peerings and their state-change history (spec §1.1, §5).
-- Timestamps are UTC text 'YYYY-MM-DDTHH:MM:SS' so that an admin's sqlite3 shows them as they
-- are and string order equals time order.

CREATE TABLE peerings (
    id                TEXT PRIMARY KEY,  -- canonical lowercase UUID
    name              TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL CHECK (status IN
                        ('PENDING_ACCEPTANCE', 'ACTIVE', 'REJECTED', 'EXPIRED', 'DELETED')),
    request_vpc_id    TEXT NOT NULL,
    request_tenant_id TEXT NOT NULL,
    accept_vpc_id     TEXT NOT NULL,
    accept_tenant_id  TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    -- Deadline of a pending request; NULL in every other status.
    expires_at        TEXT CHECK ((status = 'PENDING_ACCEPTANCE') = (expires_at IS NOT NULL)),
    -- Set when a party deleted the peering; the row stays as a tombstone for the history.
    deleted_at        TEXT CHECK ((status = 'DELETED') = (deleted_at IS NOT NULL))
) WITHOUT ROWID;

-- At most one live peering per unordered VPC pair (§6.4).
CREATE UNIQUE INDEX peerings_live_pair
    ON peerings (min(request_vpc_id, accept_vpc_id), max(request_vpc_id, accept_vpc_id))
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
CREATE TABLE peering_history (
    revision      INTEGER PRIMARY KEY AUTOINCREMENT,
    peering_id    TEXT NOT NULL REFERENCES peerings (id),
    action        TEXT NOT NULL CHECK (action IN
                    ('create', 'accept', 'reject', 'expire', 'update', 'delete')),
    from_status   TEXT,
    to_status     TEXT NOT NULL,
    actor_project TEXT,
    changed_at    TEXT NOT NULL,
    request_id    TEXT
);
CREATE INDEX peering_history_by_peering ON peering_history (peering_id, revision);
CREATE INDEX peering_history_by_time    ON peering_history (changed_at);
