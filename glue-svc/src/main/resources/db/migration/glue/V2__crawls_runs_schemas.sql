-- crawl history (ListCrawls, GetCrawlerMetrics)
create table crawls (
    id              text primary key,
    catalog_id      text not null,
    region          text not null,
    crawler         text not null,
    state           text not null,           -- RUNNING, COMPLETED, FAILED, STOPPED
    started_at      timestamptz not null,
    ended_at        timestamptz,
    error           text,
    tables_created  int not null default 0,
    tables_updated  int not null default 0,
    tables_deleted  int not null default 0,
    partitions_added int not null default 0,
    log             text not null default ''
);
create index crawls_by_crawler on crawls (catalog_id, region, crawler, started_at);

-- job runs: the JobRun model, its state and log
create table job_runs (
    id          text primary key,
    catalog_id  text not null,
    region      text not null,
    job         text not null,
    state       text not null,
    doc         jsonb not null,
    started_at  timestamptz not null,
    log         text not null default ''
);
create index job_runs_by_job on job_runs (catalog_id, region, job, started_at);

-- schema versions of the Schema Registry
create table schema_versions (
    id            text primary key,
    catalog_id    text not null,
    region        text not null,
    schema_key    text not null,             -- "registry/schema"
    version_number bigint not null,
    definition    text not null,
    status        text not null,
    created_at    timestamptz not null,
    metadata      jsonb not null default '{}',
    unique (catalog_id, region, schema_key, version_number)
);

-- workflow runs: the WorkflowRun model with its graph
create table workflow_runs (
    id          text primary key,
    catalog_id  text not null,
    region      text not null,
    workflow    text not null,
    doc         jsonb not null,
    started_at  timestamptz not null
);
