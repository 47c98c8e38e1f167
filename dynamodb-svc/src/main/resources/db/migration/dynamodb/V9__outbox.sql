-- The transactional outbox of the shared event bus (common's dev.overcast.common.bus.Outbox): each stream record also
-- goes here, in the item's transaction, and the relay publishes it to topic overcast.dynamodb.streams.
create table outbox (
    seq        bigserial   primary key,
    topic      text        not null,
    event_key  text        not null,
    event_id   text        not null,
    event      text        not null,   -- the CloudEvent, structured JSON
    created_at timestamptz not null default now()
);
