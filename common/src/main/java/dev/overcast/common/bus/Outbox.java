package dev.overcast.common.bus;

import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
    private final boolean enabled;
    private final Runnable afterCommit;

    /**
     * The outbox of a service, as {@link BusAutoConfiguration} makes it.
     *
     * @param enabled     false when the service has no bus ({@code OVERCAST_BUS=off}, or neither a sandbox broker nor
     *                    {@code OVERCAST_BUS_BOOTSTRAP}): then nothing is recorded, since nothing would ever drain it
     * @param afterCommit run after the caller's transaction commits (the relay's wake-up), or null
     */
    public Outbox(JdbcClient jdbc, boolean enabled, Runnable afterCommit) {
        this.jdbc = jdbc;
        this.enabled = enabled;
        this.afterCommit = afterCommit;
    }

    /** Whether events are recorded: a producer may skip building events when not. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Writes the event in the current transaction (the caller's {@code TransactionTemplate} or {@code @Transactional}). */
    public void append(BusEvent event) {
        if (!enabled) {
            return;
        }
        jdbc.sql("insert into outbox (topic, event_key, event_id, event, created_at) values (?, ?, ?, ?, ?)")
                .params(event.topic(), event.key(), event.id(), event.toCloudEventJson(), Timestamp.from(event.time()))
                .update();
        wakeAfterCommit();
    }

    /**
     * Wakes the relay once the current transaction commits: for a producer that writes its outbox rows in a statement
     * of its own (in the same round trip as its change) rather than through {@link #append}.
     */
    public void wakeAfterCommit() {
        if (afterCommit != null && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    afterCommit.run();
                }
            });
        }
    }
}
