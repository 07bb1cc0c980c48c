-- PostgreSQL version of migrations/0004_registries.sql.
-- Cluster and VPC registries (spec §4, §6.7, §10 Q10/Q17/Q19) and the CS route sub-resource.
-- Managed with peeringctl and the admin endpoints; read by the CS API and by create when the
-- daemon runs with --enforce-vpc-registry.

-- A CS reserved cluster: owned by a user project, running in a VPC of the CS service project.
-- CIDRs are stored in canonical form (network address, no host bits). id is always given by
-- the writer (no sequence), as on SQLite.
CREATE TABLE clusters (
    id                 bigint PRIMARY KEY CHECK (id BETWEEN 1 AND 2147483647),  -- Java Integer
    project_id         text COLLATE "C" NOT NULL,   -- owner: the project in the CS path
    service_project_id text COLLATE "C" NOT NULL,   -- requester side of the cluster's peerings
    vpc_id             text COLLATE "C" NOT NULL,   -- canonical lowercase UUID
    vpc_cidr           text COLLATE "C" NOT NULL,
    subnet_cidr        text COLLATE "C" NOT NULL,
    created_at         text COLLATE "C" NOT NULL
);
CREATE INDEX clusters_by_project ON clusters (project_id, id);

-- Which project owns a VPC (§6.7).
CREATE TABLE vpcs (
    id         text COLLATE "C" PRIMARY KEY,  -- canonical lowercase UUID
    project_id text COLLATE "C" NOT NULL,
    cidr       text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL
);
CREATE INDEX vpcs_by_project ON vpcs (project_id, id);

-- The cluster a CS create made the peering for; NULL for v2.0-created peerings. The cluster's
-- owner reaches the peering through it (it is on neither side of the record).
ALTER TABLE peerings ADD COLUMN cluster_id bigint;
CREATE INDEX peerings_by_cluster ON peerings (cluster_id, id) WHERE cluster_id IS NOT NULL;

-- Routes of CS peerings (§4.5): records only, no data-plane effect. vpc_id and tenant_id of the
-- wire object come from the peering's request side. Deleting the peering deletes its routes.
CREATE TABLE cs_routes (
    id          text COLLATE "C" PRIMARY KEY,  -- canonical lowercase UUID
    peering_id  text COLLATE "C" NOT NULL REFERENCES peerings (id),
    destination text COLLATE "C" NOT NULL,     -- canonical CIDR
    created_at  text COLLATE "C" NOT NULL,
    UNIQUE (peering_id, destination)
);
