-- Managed Flink applications: the description AWS returns is kept as the SDK model's JSON (detail), the columns AWS
-- conditions on (status, version, create time) beside it.
create table applications (
    id           bigserial primary key,
    account      text        not null,
    region       text        not null,
    name         text        not null,
    arn          text        not null unique,
    status       text        not null,
    version_id   bigint      not null,
    created      timestamptz not null,
    updated      timestamptz not null,
    detail       text        not null,
    -- set by StartApplication, cleared by StopApplication: what a restarted service starts again
    should_run   boolean     not null default false,
    unique (account, region, name)
);

-- every version of the configuration, for ListApplicationVersions, DescribeApplicationVersion and RollbackApplication
create table application_versions (
    application_id bigint      not null references applications (id) on delete cascade,
    version_id     bigint      not null,
    status         text        not null,
    created        timestamptz not null,
    detail         text        not null,
    primary key (application_id, version_id)
);

-- snapshots: Flink savepoints, their files kept in the suite's S3 under s3_prefix
create table snapshots (
    application_id bigint      not null references applications (id) on delete cascade,
    name           text        not null,
    status         text        not null,
    version_id     bigint      not null,
    created        timestamptz not null,
    s3_prefix      text        not null,
    savepoint_path text,
    primary key (application_id, name)
);

create table application_tags (
    application_id bigint not null references applications (id) on delete cascade,
    key            text   not null,
    value          text   not null,
    primary key (application_id, key)
);
