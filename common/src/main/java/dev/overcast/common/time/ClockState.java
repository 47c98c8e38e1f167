package dev.overcast.common.time;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far the suite's clock has been advanced by {@code POST /_overcast/clock}, kept in the service's own schema
 * (table {@code overcast_clock}, one row), so that every replica of the service moves with it (each polls the row every
 * second and applies what another replica recorded) and a restart keeps the suite's time. Advances made in-process (a
 * test calling {@link SuiteClock#advance}) are not recorded: only those through the endpoint are the suite's.
 */
public final class ClockState implements AutoCloseable, SmartInitializingSingleton {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClockState.class);

    private final JdbcTemplate jdbc;
    private final SuiteClock clock;
    private final ScheduledExecutorService poller;
    /** The recorded total this replica has applied to its clock. */
    private long appliedMillis;

    /** Without a data source ({@code dataSource} null) advances apply to this process only. */
    public ClockState(DataSource dataSource, SuiteClock clock) {
        this.jdbc = dataSource == null ? null : new JdbcTemplate(dataSource);
        this.clock = clock;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "overcast-clock-poll");
            t.setDaemon(true);
            return t;
        });
    }

    /** Once the schema exists (Flyway has run): the table, the recorded advance applied, then a poll every second. */
    @Override
    public void afterSingletonsInstantiated() {
        if (jdbc == null) {
            return;
        }
        jdbc.execute("create table if not exists overcast_clock (id int primary key, advanced_ms bigint not null)");
        jdbc.update("insert into overcast_clock values (1, 0) on conflict do nothing");
        poll();
        poller.scheduleWithFixedDelay(this::poll, 1, 1, TimeUnit.SECONDS);
    }

    /** Records an advance of the suite's clock and applies it here at once (its jobs run now). */
    public synchronized void advance(Duration by) {
        if (jdbc == null) {
            clock.advance(by);
            return;
        }
        Long total = jdbc.queryForObject("update overcast_clock set advanced_ms = advanced_ms + ? where id = 1 returning advanced_ms",
                Long.class, by.toMillis());
        apply(total == null ? appliedMillis + by.toMillis() : total);
    }

    /** Applies what another replica recorded. */
    synchronized void poll() {
        if (jdbc == null) {
            return;
        }
        try {
            Long total = jdbc.queryForObject("select advanced_ms from overcast_clock where id = 1", Long.class);
            if (total != null) {
                apply(total);
            }
        } catch (RuntimeException e) {
            log.debug("clock poll: {}", e.toString());
        }
    }

    private void apply(long total) {
        long delta = total - appliedMillis;
        appliedMillis = total;
        if (delta != 0) {
            clock.advance(Duration.ofMillis(delta));
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
