package dev.overcast.common.bus;

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
        appendAll(java.util.List.of(event));
    }

    /**
     * Writes the events in the current transaction, in one statement: their rows take ascending {@code seq} in the
     * list's order, so the relay publishes them in that order.
     */
    public void appendAll(java.util.List<BusEvent> events) {
        if (!enabled || events.isEmpty()) {
            return;
        }
        int n = events.size();
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] ids = new String[n];
        String[] texts = new String[n];
        String[] times = new String[n];
        for (int i = 0; i < n; i++) {
            BusEvent e = events.get(i);
            topics[i] = e.topic();
            keys[i] = e.key();
            ids[i] = e.id();
            texts[i] = e.toCloudEventJson();
            times[i] = e.time().toString();
        }
        // the rows of unnest come in the arrays' order, and each takes its seq as it is inserted
        jdbc.sql("""
                insert into outbox (topic, event_key, event_id, event, created_at)
                select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])""")
                .params(topics, keys, ids, texts, times).update();
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
