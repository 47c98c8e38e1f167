-- ExportTableToPointInTime and ImportTable: one row per export or import, its description as DynamoDB returns it
-- (ExportDescription / ImportTableDescription, JSON wire form) and its status, which the background job moves on
-- (IN_PROGRESS until it completed or failed; a job interrupted by a restart runs again from the start, idempotently).
create table table_export (
    arn          text        primary key,
    account_id   text        not null,
    region       text        not null,
    table_arn    text        not null,
    status       text        not null,
    client_token text        not null,
    fingerprint  text        not null,
    description  text        not null,
    created_at   timestamptz not null
);
create index table_export_by_account on table_export (account_id, region, created_at, arn);
create index table_export_in_progress on table_export (status) where status = 'IN_PROGRESS';

create table table_import (
    arn          text        primary key,
    account_id   text        not null,
    region       text        not null,
    table_arn    text        not null,
    status       text        not null,
    client_token text        not null,
    fingerprint  text        not null,
    description  text        not null,
    created_at   timestamptz not null
);
create index table_import_by_account on table_import (account_id, region, created_at, arn);
create index table_import_in_progress on table_import (status) where status = 'IN_PROGRESS';
