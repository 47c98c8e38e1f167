-- Enhanced fan-out consumers of a stream. A consumer is CREATING until ready_at, then ACTIVE; once deregistered it is
-- DELETING until gone_at, then gone (its row is left for the next registration of the name to clear). The creation
-- time, in seconds, ends the consumer's ARN, so a consumer registered again under one name has a new ARN.
create table consumer (
    stream_id  bigint      not null references stream (id) on delete cascade,
    name       text        not null,
    created_at timestamptz not null,
    ready_at   timestamptz not null,
    gone_at    timestamptz,
    primary key (stream_id, name)
);
