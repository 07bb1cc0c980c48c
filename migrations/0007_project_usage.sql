-- Quota usage per project (spec §6.5) kept as counters, so that a create or an accept reads one
-- row instead of walking every live peering of the project (O(project's peerings) per create).
-- Triggers keep the counters, so every writer (the daemon, peeringctl, an admin's sqlite3 shell)
-- keeps them right without knowing about them.
--
--   live_requested  peerings the project requested that are ACTIVE or PENDING_ACCEPTANCE
--   active_accepted ACTIVE peerings the project accepted from another project
--
-- A pending request counts only until its deadline. Due requests that the sweeper has not yet
-- moved to EXPIRED are still in live_requested; the repository subtracts them, found through
-- peerings_pending_by_requester (normally none: the sweeper runs every few seconds).
-- usage(P) = live_requested + active_accepted - due pending requests of P.

CREATE TABLE project_usage (
    project         TEXT PRIMARY KEY,
    live_requested  INTEGER NOT NULL DEFAULT 0 CHECK (live_requested >= 0),
    active_accepted INTEGER NOT NULL DEFAULT 0 CHECK (active_accepted >= 0)
) WITHOUT ROWID;

CREATE INDEX peerings_pending_by_requester
    ON peerings (request_tenant_id, expires_at) WHERE status = 'PENDING_ACCEPTANCE';

INSERT INTO project_usage (project, live_requested, active_accepted)
SELECT project, sum(requested), sum(accepted) FROM (
    SELECT request_tenant_id AS project,
           status IN ('ACTIVE', 'PENDING_ACCEPTANCE') AS requested, 0 AS accepted
      FROM peerings
    UNION ALL
    SELECT accept_tenant_id, 0, status = 'ACTIVE' AND accept_tenant_id <> request_tenant_id
      FROM peerings
) GROUP BY project HAVING sum(requested) + sum(accepted) > 0;

-- What a row adds: +1 live_requested for its requester while live, +1 active_accepted for a
-- cross-project accepter while ACTIVE. An insert adds it, a delete removes it, an update of
-- the columns it depends on removes the old row's share and adds the new one's.
CREATE TRIGGER project_usage_insert AFTER INSERT ON peerings
WHEN NEW.status IN ('ACTIVE', 'PENDING_ACCEPTANCE')
BEGIN
    INSERT INTO project_usage (project, live_requested) VALUES (NEW.request_tenant_id, 1)
        ON CONFLICT (project) DO UPDATE SET live_requested = live_requested + 1;
    INSERT INTO project_usage (project, active_accepted)
        SELECT NEW.accept_tenant_id, 1
         WHERE NEW.status = 'ACTIVE' AND NEW.accept_tenant_id <> NEW.request_tenant_id
        ON CONFLICT (project) DO UPDATE SET active_accepted = active_accepted + 1;
END;

CREATE TRIGGER project_usage_delete AFTER DELETE ON peerings
WHEN OLD.status IN ('ACTIVE', 'PENDING_ACCEPTANCE')
BEGIN
    UPDATE project_usage SET live_requested = live_requested - 1
     WHERE project = OLD.request_tenant_id;
    UPDATE project_usage SET active_accepted = active_accepted - 1
     WHERE project = OLD.accept_tenant_id
       AND OLD.status = 'ACTIVE' AND OLD.accept_tenant_id <> OLD.request_tenant_id;
END;

CREATE TRIGGER project_usage_update
AFTER UPDATE OF status, request_tenant_id, accept_tenant_id ON peerings
BEGIN
    UPDATE project_usage SET live_requested = live_requested - 1
     WHERE project = OLD.request_tenant_id AND OLD.status IN ('ACTIVE', 'PENDING_ACCEPTANCE');
    UPDATE project_usage SET active_accepted = active_accepted - 1
     WHERE project = OLD.accept_tenant_id
       AND OLD.status = 'ACTIVE' AND OLD.accept_tenant_id <> OLD.request_tenant_id;
    INSERT INTO project_usage (project, live_requested)
        SELECT NEW.request_tenant_id, 1 WHERE NEW.status IN ('ACTIVE', 'PENDING_ACCEPTANCE')
        ON CONFLICT (project) DO UPDATE SET live_requested = live_requested + 1;
    INSERT INTO project_usage (project, active_accepted)
        SELECT NEW.accept_tenant_id, 1
         WHERE NEW.status = 'ACTIVE' AND NEW.accept_tenant_id <> NEW.request_tenant_id
        ON CONFLICT (project) DO UPDATE SET active_accepted = active_accepted + 1;
END;
