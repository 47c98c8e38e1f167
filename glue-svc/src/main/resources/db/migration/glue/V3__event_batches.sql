-- the bus events Glue has received (common's Inbox): a redelivered event is absorbed by its id
create table bus_inbox (
    listener    text        not null,
    event_id    text        not null,
    topic       text        not null,
    received_at timestamptz not null default now(),
    primary key (listener, event_id)
);

-- the events an EVENT trigger has received and not yet fired a workflow run with (its open batch)
create table event_batch_events (
    seq          bigserial   not null,
    catalog_id   text        not null,
    region       text        not null,
    trigger_name text        not null,
    event_id     text        not null,   -- the EventBridge event id, as aws:eventIds lists it
    received_at  timestamptz not null,   -- on the suite clock: the batch window counts from the first
    primary key (catalog_id, region, trigger_name, event_id)
);
create index event_batch_events_by_trigger on event_batch_events (catalog_id, region, trigger_name, seq);
