package dev.overcast.common.bus;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code bus} component of a service's {@code /actuator/health}: UP while the relay publishes and a broker answers;
 * DEGRADED (the service itself keeps serving, its events wait in the outbox) while publishing fails or no broker of
 * the bootstrap list accepts a connection. Details: the bootstrap servers, the events waiting, the last error.
 */
public final class BusHealthIndicator implements HealthIndicator {

    /** A service that serves but whose events wait: ordered between DOWN and UP (see overcast-service.properties). */
    public static final Status DEGRADED = new Status("DEGRADED", "events wait in the outbox until the bus is back");

    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1000);

    private final OutboxRelay relay;
    private final JdbcClient jdbc;

    public BusHealthIndicator(OutboxRelay relay, JdbcClient jdbc) {
        this.relay = relay;
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        Health.Builder health = new Health.Builder().withDetail("bootstrapServers", relay.bootstrapServers());
        if (!relay.active()) {
            return health.up().withDetail("relay", "none (this service emits no events)").build();
        }
        try {
            health.withDetail("waiting", jdbc.sql("select count(*) from outbox").query(Long.class).single());
        } catch (RuntimeException e) {
            health.withDetail("waiting", "unknown: " + e.getMessage());
        }
        health.withDetail("published", relay.published());
        String failure = relay.failure();
        if (failure != null) {
            Instant since = relay.failingSince();
            return health.status(DEGRADED).withDetail("error", failure)
                    .withDetail("since", since == null ? "" : since.toString()).build();
        }
        String unreachable = unreachable(relay.bootstrapServers());
        return unreachable == null ? health.up().build() : health.status(DEGRADED).withDetail("error", unreachable).build();
    }

    /** Null when a server of the list accepts a TCP connection; else why none does. */
    static String unreachable(String bootstrapServers) {
        String last = "no bootstrap servers";
        for (String server : bootstrapServers.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))),
                        (int) CONNECT_TIMEOUT.toMillis());
                return null;
            } catch (IOException | RuntimeException e) {
                last = "no broker answers at " + s + ": " + e.getMessage();
            }
        }
        return last;
    }
}
