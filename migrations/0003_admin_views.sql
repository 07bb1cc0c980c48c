-- Views for the questions admins ask with the sqlite3 CLI (docs/ADMIN.md). Views only: they add
-- no storage and no write path, so the daemon never depends on them.
-- 'now' is the admin's query time in UTC, formatted like the stored timestamps so that text
-- comparison is time comparison.

-- What currently holds a VPC pair: active peerings and pending requests not yet due. A due
-- request may still read PENDING_ACCEPTANCE until the sweeper moves it; the API already treats
-- it as EXPIRED, and so does this view.
CREATE VIEW live_peerings AS
SELECT id, name, status, request_tenant_id, request_vpc_id, accept_tenant_id, accept_vpc_id,
       created_at, updated_at, expires_at
  FROM peerings
 WHERE status = 'ACTIVE'
    OR (status = 'PENDING_ACCEPTANCE' AND expires_at > strftime('%Y-%m-%dT%H:%M:%S', 'now'));

-- Unanswered requests, oldest first. Ages are whole seconds; seconds_left <= 0 means due (the
-- sweeper or the next read will expire it).
CREATE VIEW pending_by_age AS
SELECT id, name, request_tenant_id, accept_tenant_id, created_at, expires_at,
       strftime('%s', 'now') - strftime('%s', created_at) AS age_seconds,
       strftime('%s', expires_at) - strftime('%s', 'now') AS seconds_left
  FROM peerings
 WHERE status = 'PENDING_ACCEPTANCE'
 ORDER BY created_at, id;

-- Every recorded change with the peering's name and sides, one peering after the other.
CREATE VIEW peering_timeline AS
SELECT h.peering_id, h.revision, p.name, p.request_tenant_id, p.request_vpc_id,
       p.accept_tenant_id, p.accept_vpc_id, h.action, h.from_status, h.to_status,
       h.actor_project, h.changed_at, h.request_id
  FROM peering_history AS h
  JOIN peerings AS p ON p.id = h.peering_id
 ORDER BY h.peering_id, h.revision;
