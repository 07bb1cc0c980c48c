-- PostgreSQL version of migrations/0003_admin_views.sql: the same views with the same columns.
-- Views for the questions admins ask (docs/ADMIN.md). Views only: they add no storage and no
-- write path, so the daemon never depends on them.
-- 'now' is the query time in UTC, formatted like the stored timestamps so that text comparison
-- is time comparison: to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS'), i.e.
-- SQLite's strftime('%Y-%m-%dT%H:%M:%S', 'now'). (now() is the start of the transaction, where
-- SQLite's 'now' is the start of the statement.)

-- What currently holds a VPC pair: active peerings and pending requests not yet due. A due
-- request may still read PENDING_ACCEPTANCE until the sweeper moves it; the API already treats
-- it as EXPIRED, and so does this view.
CREATE VIEW live_peerings AS
SELECT id, name, status, request_tenant_id, request_vpc_id, accept_tenant_id, accept_vpc_id,
       created_at, updated_at, expires_at
  FROM peerings
 WHERE status = 'ACTIVE'
    OR (status = 'PENDING_ACCEPTANCE'
        AND expires_at > to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS'));

-- Unanswered requests, oldest first. Ages are whole seconds (bigint, like SQLite's integer
-- difference of strftime('%s', ...)); seconds_left <= 0 means due (the sweeper or the next
-- read will expire it). The stored text is read as a timestamp without time zone (it is UTC),
-- and 'now' is truncated to the second first, as strftime('%s', 'now') is.
CREATE VIEW pending_by_age AS
SELECT id, name, request_tenant_id, accept_tenant_id, created_at, expires_at,
       (extract(epoch FROM to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')::timestamp)
        - extract(epoch FROM created_at::timestamp))::bigint AS age_seconds,
       (extract(epoch FROM expires_at::timestamp)
        - extract(epoch FROM to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')::timestamp))::bigint
           AS seconds_left
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
