package dev.overcast.common.bus;

import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The transactional outbox of a service: {@link #append} writes an event into the {@code outbox} table of the
 * service's own schema, inside the caller's transaction, so the event exists exactly when the change that causes it
 * has committed. A relay (not on the request's path) publishes the rows to the bus in order and removes them.
 *
 * <p>Each service that emits events creates the table in its own Flyway migration, exactly:
 * <pre>
 * create table outbox (
 *     seq        bigserial   primary key,
 *     topic      text        not null,
 *     event_key  text        not null,
 *     event_id   text        not null,
 *     event      text        not null,   -- the CloudEvent, structured JSON
 *     created_at timestamptz not null default now()
 * );
 * </pre>
 */
public class Outbox {

    private final JdbcClient jdbc;

    public Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the event in the current transaction (the caller's {@code TransactionTemplate} or {@code @Transactional}). */
    public void append(BusEvent event) {
        jdbc.sql("insert into outbox (topic, event_key, event_id, event, created_at) values (?, ?, ?, ?, ?)")
                .params(event.topic(), event.key(), event.id(), event.toCloudEventJson(), Timestamp.from(event.time()))
                .update();
    }
}
