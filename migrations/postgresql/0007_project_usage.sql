-- PostgreSQL version of migrations/0007_project_usage.sql.
-- Quota usage per project (spec §6.5) kept as counters, so that a create or an accept reads one
-- row instead of walking every live peering of the project (O(project's peerings) per create).
-- Triggers keep the counters, so every writer (the daemon, peeringctl, an admin's psql shell)
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
    project         text COLLATE "C" PRIMARY KEY,
    live_requested  bigint NOT NULL DEFAULT 0 CHECK (live_requested >= 0),
    active_accepted bigint NOT NULL DEFAULT 0 CHECK (active_accepted >= 0)
);

CREATE INDEX peerings_pending_by_requester
    ON peerings (request_tenant_id, expires_at) WHERE status = 'PENDING_ACCEPTANCE';

INSERT INTO project_usage (project, live_requested, active_accepted)
SELECT project, sum(requested), sum(accepted) FROM (
    SELECT request_tenant_id AS project,
           CASE WHEN status IN ('ACTIVE', 'PENDING_ACCEPTANCE') THEN 1 ELSE 0 END AS requested,
           0 AS accepted
      FROM peerings
    UNION ALL
    SELECT accept_tenant_id, 0,
           CASE WHEN status = 'ACTIVE' AND accept_tenant_id <> request_tenant_id THEN 1 ELSE 0 END
      FROM peerings
) AS shares GROUP BY project HAVING sum(requested) + sum(accepted) > 0;

-- What a row adds: +1 live_requested for its requester while live, +1 active_accepted for a
-- cross-project accepter while ACTIVE. An insert adds it, a delete removes it, an update of
-- the columns it depends on removes the old row's share and adds the new one's.
-- Row-level AFTER triggers, as on SQLite: they run inside the writing statement's transaction.
-- UPDATE OF fires when one of the columns is assigned in SET, changed or not (as on SQLite).
CREATE FUNCTION project_usage_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO project_usage (project, live_requested) VALUES (NEW.request_tenant_id, 1)
        ON CONFLICT (project) DO UPDATE SET live_requested = project_usage.live_requested + 1;
    IF NEW.status = 'ACTIVE' AND NEW.accept_tenant_id <> NEW.request_tenant_id THEN
        INSERT INTO project_usage (project, active_accepted) VALUES (NEW.accept_tenant_id, 1)
            ON CONFLICT (project) DO UPDATE SET active_accepted = project_usage.active_accepted + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER project_usage_insert AFTER INSERT ON peerings
FOR EACH ROW WHEN (NEW.status IN ('ACTIVE', 'PENDING_ACCEPTANCE'))
EXECUTE FUNCTION project_usage_insert();

CREATE FUNCTION project_usage_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE project_usage SET live_requested = live_requested - 1
     WHERE project = OLD.request_tenant_id;
    IF OLD.status = 'ACTIVE' AND OLD.accept_tenant_id <> OLD.request_tenant_id THEN
        UPDATE project_usage SET active_accepted = active_accepted - 1
         WHERE project = OLD.accept_tenant_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER project_usage_delete AFTER DELETE ON peerings
FOR EACH ROW WHEN (OLD.status IN ('ACTIVE', 'PENDING_ACCEPTANCE'))
EXECUTE FUNCTION project_usage_delete();

CREATE FUNCTION project_usage_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status IN ('ACTIVE', 'PENDING_ACCEPTANCE') THEN
        UPDATE project_usage SET live_requested = live_requested - 1
         WHERE project = OLD.request_tenant_id;
    END IF;
    IF OLD.status = 'ACTIVE' AND OLD.accept_tenant_id <> OLD.request_tenant_id THEN
        UPDATE project_usage SET active_accepted = active_accepted - 1
         WHERE project = OLD.accept_tenant_id;
    END IF;
    IF NEW.status IN ('ACTIVE', 'PENDING_ACCEPTANCE') THEN
        INSERT INTO project_usage (project, live_requested) VALUES (NEW.request_tenant_id, 1)
            ON CONFLICT (project) DO UPDATE SET live_requested = project_usage.live_requested + 1;
    END IF;
    IF NEW.status = 'ACTIVE' AND NEW.accept_tenant_id <> NEW.request_tenant_id THEN
        INSERT INTO project_usage (project, active_accepted) VALUES (NEW.accept_tenant_id, 1)
            ON CONFLICT (project) DO UPDATE SET active_accepted = project_usage.active_accepted + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER project_usage_update
AFTER UPDATE OF status, request_tenant_id, accept_tenant_id ON peerings
FOR EACH ROW EXECUTE FUNCTION project_usage_update();
