-- application operations (ListApplicationOperations, DescribeApplicationOperation): each Start/Stop/Update/Rollback
-- of an application, and each system rollback the service started itself, with its outcome
create table application_operations (
    application_id        bigint      not null references applications (id) on delete cascade,
    operation_id          text        not null,
    operation             text        not null,
    status                text        not null,
    started               timestamptz not null,
    ended                 timestamptz,
    version_from          bigint,
    version_to            bigint,
    -- a failed operation: the error, and the system rollback it caused (if any)
    error                 text,
    rollback_operation_id text,
    primary key (application_id, operation_id)
);
create index application_operations_by_start on application_operations (application_id, started desc);

-- ApplicationSystemRollbackConfiguration (newer than the served SDK model, so kept beside the description):
-- a failed update or scaling goes back to the version that ran before it
alter table applications add column system_rollback boolean not null default false;
