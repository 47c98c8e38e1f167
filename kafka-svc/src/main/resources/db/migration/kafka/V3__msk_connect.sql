-- MSK Connect (API kafkaconnect): custom plugins, worker configurations, connectors and their operations

-- a custom plugin: where its file is in S3 (the exact object version read) and what was read there
CREATE TABLE custom_plugins (
    arn            text PRIMARY KEY,
    account        text NOT NULL,
    region         text NOT NULL,
    name           text NOT NULL,
    description    text,
    state          text NOT NULL,             -- CREATING | ACTIVE | CREATE_FAILED | DELETING
    state_code     text,
    state_message  text,
    created_at     timestamptz NOT NULL,
    content_type   text NOT NULL,             -- JAR | ZIP
    bucket_arn     text NOT NULL,
    file_key       text NOT NULL,
    object_version text,                      -- as asked, or the version S3 answered with
    file_md5       text,
    file_size      bigint,
    UNIQUE (account, region, name)
);

CREATE TABLE worker_configurations (
    arn             text PRIMARY KEY,
    account         text NOT NULL,
    region          text NOT NULL,
    name            text NOT NULL,
    description     text,
    state           text NOT NULL,
    created_at      timestamptz NOT NULL,
    latest_revision bigint NOT NULL,
    UNIQUE (account, region, name)
);

CREATE TABLE worker_configuration_revisions (
    arn             text NOT NULL REFERENCES worker_configurations (arn) ON DELETE CASCADE,
    revision        bigint NOT NULL,
    description     text,
    properties      text NOT NULL,            -- the properties file, base64 as the client sent it
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (arn, revision)
);

-- a connector: what was asked (spec: the CreateConnectorRequest as JSON, tags aside, kept current by updates), the
-- worker properties it runs with (resolved from its worker configuration at creation), where it stands
CREATE TABLE connectors (
    arn               text PRIMARY KEY,
    account           text NOT NULL,
    region            text NOT NULL,
    name              text NOT NULL,
    state             text NOT NULL,          -- CREATING | RUNNING | UPDATING | DELETING | FAILED
    state_code        text,
    state_message     text,
    current_version   text NOT NULL,
    created_at        timestamptz NOT NULL,
    spec              text NOT NULL,
    worker_properties text NOT NULL,
    rest_port         int NOT NULL,           -- the worker's REST API on loopback
    UNIQUE (account, region, name)
);
CREATE INDEX connectors_by_account ON connectors (account, region, created_at);

-- connector operations (UpdateConnector): the DescribeConnectorOperationResponse as JSON
CREATE TABLE connector_operations (
    arn           text PRIMARY KEY,
    connector_arn text NOT NULL REFERENCES connectors (arn) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL,
    body          text NOT NULL
);
CREATE INDEX connector_operations_by_connector ON connector_operations (connector_arn, created_at);
