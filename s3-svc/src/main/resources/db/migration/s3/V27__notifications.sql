-- Event notifications. The outbox of the shared bus (the shape every service's outbox has, see
-- dev.overcast.common.bus.Outbox): an event is written here in the transaction of the change that causes it, and
-- the bus relay publishes it to Kafka and removes it.
create table outbox (
    seq        bigserial   primary key,
    topic      text        not null,
    event_key  text        not null,
    event_id   text        not null,
    event      text        not null,   -- the CloudEvent, structured JSON
    created_at timestamptz not null default now()
);

-- A bucket's notification configuration (JSON, null: none). On the bucket's row, so that the row version the object
-- hot paths check also covers the configuration an event is matched against.
alter table bucket add column notification text;

-- Events to POST to the HTTP endpoint a destination ARN is mapped to (OVERCAST_NOTIFICATION_ENDPOINTS), written in
-- the transaction of the change; a background worker delivers them (FOR UPDATE SKIP LOCKED), retrying with
-- back-off, and removes each once the endpoint has answered 2xx.
create table notification_delivery (
    id              bigserial   primary key,
    destination     text        not null,   -- the destination ARN
    url             text        not null,
    message         text        not null,   -- the event message as S3 sends it
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    created_at      timestamptz not null default now()
);
create index notification_delivery_due on notification_delivery (next_attempt_at);
