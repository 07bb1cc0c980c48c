-- PostgreSQL version of migrations/0005_change_feed.sql.
-- The change feed (docs/API.md "Change feed"): every peering carries the revision of its latest
-- change, every history row keeps the peering's mutable fields as they were right after the
-- change (so an old event shows the old state), and feed_meta remembers how far retention has
-- pruned, which decides exactly when a client's position is too old (410).
-- (A PostgreSQL database is created with every migration at once, so the backfills below find
-- no rows; they are kept so that this file means what the SQLite one does.)

ALTER TABLE peerings ADD COLUMN revision bigint NOT NULL DEFAULT 0;
UPDATE peerings
   SET revision = (SELECT max(h.revision) FROM peering_history AS h WHERE h.peering_id = peerings.id)
 WHERE EXISTS (SELECT 1 FROM peering_history AS h WHERE h.peering_id = peerings.id);

-- Snapshot columns: the status after the change is to_status; id, VPCs, tenants and created_at
-- never change and are read from peerings. NULL only in rows written before this migration,
-- which are backfilled below from the current row (their exact old name is not known).
ALTER TABLE peering_history ADD COLUMN name text COLLATE "C";
ALTER TABLE peering_history ADD COLUMN description text COLLATE "C";
ALTER TABLE peering_history ADD COLUMN updated_at text COLLATE "C";
ALTER TABLE peering_history ADD COLUMN expires_at text COLLATE "C";
UPDATE peering_history
   SET name = (SELECT p.name FROM peerings AS p WHERE p.id = peering_history.peering_id),
       description = (SELECT p.description FROM peerings AS p WHERE p.id = peering_history.peering_id),
       updated_at = changed_at;

-- At most one row: every history revision <= pruned_through that is gone was removed by
-- retention. A client whose position is below it may have missed a change and must list
-- again. No row yet means nothing was pruned (0); the first prune inserts it.
CREATE TABLE feed_meta (
    id             integer PRIMARY KEY CHECK (id = 1),
    pruned_through bigint NOT NULL
);
