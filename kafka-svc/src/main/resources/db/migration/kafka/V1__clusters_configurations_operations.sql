-- MSK configurations and their revisions (the revision's server.properties as the user wrote them)
CREATE TABLE configurations (
    arn             text PRIMARY KEY,
    account         text NOT NULL,
    region          text NOT NULL,
    name            text NOT NULL,
    description     text,
    kafka_versions  text NOT NULL,            -- JSON array
    state           text NOT NULL,
    created_at      timestamptz NOT NULL,
    latest_revision bigint NOT NULL,
    UNIQUE (account, region, name)
);

CREATE TABLE configuration_revisions (
    arn               text NOT NULL REFERENCES configurations (arn) ON DELETE CASCADE,
    revision          bigint NOT NULL,
    description       text,
    server_properties bytea NOT NULL,
    created_at        timestamptz NOT NULL,
    PRIMARY KEY (arn, revision)
);

-- clusters: what was asked (spec: the ProvisionedRequest or ServerlessRequest as JSON) and where it stands
CREATE TABLE clusters (
    arn             text PRIMARY KEY,
    account         text NOT NULL,
    region          text NOT NULL,
    name            text NOT NULL,
    cluster_type    text NOT NULL,            -- PROVISIONED | SERVERLESS
    state           text NOT NULL,
    state_info      text,                     -- JSON StateInfo
    current_version text NOT NULL,
    created_at      timestamptz NOT NULL,
    spec            text NOT NULL,
    active_operation text,
    policy          text,
    policy_version  text,
    UNIQUE (account, region, name)
);
CREATE INDEX clusters_by_account ON clusters (account, region, created_at);

-- the brokers of a cluster: the loopback ports the service allocated (kept across restarts)
CREATE TABLE brokers (
    cluster_arn     text NOT NULL REFERENCES clusters (arn) ON DELETE CASCADE,
    broker_id       int NOT NULL,
    port            int NOT NULL,
    controller_port int,                      -- the KRaft controller (broker 1)
    scram_port      int NOT NULL,
    PRIMARY KEY (cluster_arn, broker_id)
);

-- cluster operations (creation, updates, reboots) with their steps
CREATE TABLE operations (
    arn             text PRIMARY KEY,
    cluster_arn     text NOT NULL,
    account         text NOT NULL,
    region          text NOT NULL,
    operation_type  text NOT NULL,
    state           text NOT NULL,
    created_at      timestamptz NOT NULL,
    end_at          timestamptz,
    source_info     text,                     -- JSON MutableClusterInfo
    target_info     text,                     -- JSON MutableClusterInfo
    steps           text NOT NULL DEFAULT '[]', -- JSON [{"name":…,"state":…}]
    error_code      text,
    error_message   text
);
CREATE INDEX operations_by_cluster ON operations (cluster_arn, created_at);

CREATE TABLE tags (
    resource_arn text NOT NULL,
    key          text NOT NULL,
    value        text NOT NULL,
    PRIMARY KEY (resource_arn, key)
);

-- SASL/SCRAM secrets associated with a cluster (credentials come from OVERCAST_SCRAM_SECRETS)
CREATE TABLE scram_secrets (
    cluster_arn text NOT NULL REFERENCES clusters (arn) ON DELETE CASCADE,
    secret_arn  text NOT NULL,
    PRIMARY KEY (cluster_arn, secret_arn)
);
