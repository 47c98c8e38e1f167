package dev.overcast.kafka.cluster;

import dev.overcast.common.db.EmbeddedPostgresServer;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kafka.broker.BrokerFleet;
import dev.overcast.kafka.broker.BrokerLayout;
import dev.overcast.kafka.broker.BrokerLayout.Broker;
import dev.overcast.kafka.configuration.AllowedProperties;
import dev.overcast.kafka.configuration.ConfigurationStore;
import dev.overcast.kafka.operation.OperationStore;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.kafka.model.ConfigurationInfo;
import software.amazon.awssdk.services.kafka.model.StateInfo;

/**
 * Moves clusters through their states with real brokers behind them: CREATING until every broker answers metadata,
 * then ACTIVE (or FAILED with a StateInfo when a broker cannot start); operations (UPDATING, REBOOTING_BROKER) that
 * roll brokers one at a time; DELETING until the brokers are stopped and their data removed. At start-up it brings
 * back every cluster that was running (the launcher first stops brokers orphaned by a kill -9 of the previous run;
 * those of clusters no longer recorded are stopped too).
 */
@Component
public class ClusterLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterLifecycle.class);

    private final ClusterStore clusters;
    private final OperationStore operations;
    private final ConfigurationStore configurations;
    private final BrokerFleet fleet;
    private final SuiteClock clock;
    private final ExecutorService work = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "msk-cluster-work");
        t.setDaemon(true);
        return t;
    });

    public ClusterLifecycle(ClusterStore clusters, OperationStore operations, ConfigurationStore configurations,
                            BrokerFleet fleet, SuiteClock clock) {
        this.clusters = clusters;
        this.operations = operations;
        this.configurations = configurations;
        this.fleet = fleet;
        this.clock = clock;
    }

    /** Brokers 1..n with fresh loopback ports (broker 1 also runs the KRaft controller). */
    static List<Broker> allocate(int from, int to) {
        List<Broker> brokers = new ArrayList<>();
        for (int id = from; id <= to; id++) {
            brokers.add(new Broker(id, EmbeddedPostgresServer.freePort(), EmbeddedPostgresServer.freePort(),
                    id == 1 ? EmbeddedPostgresServer.freePort() : null, EmbeddedPostgresServer.freePort(),
                    EmbeddedPostgresServer.freePort()));
        }
        return brokers;
    }

    /** What the cluster's brokers are now: recorded ports, version, the configuration revision's properties. */
    public BrokerLayout layout(Cluster c) {
        return new BrokerLayout(dev.overcast.kafka.Arns.resourceId(c.arn()), c.kafkaVersion(), clusters.brokers(c.arn()),
                serverProperties(c.isServerless() ? null : c.provisioned().configurationInfo()), ClientAccess.listeners(c));
    }

    private Map<String, String> serverProperties(ConfigurationInfo info) {
        if (info == null) {
            return Map.of();
        }
        return configurations.revision(info.arn(), info.revision())
                .map(r -> AllowedProperties.forBrokers(r.serverProperties())).orElse(Map.of());
    }

    /** Starts a new cluster's brokers in the background: ACTIVE when all answer, FAILED otherwise. */
    public void launch(Cluster c) {
        work.submit(() -> start(c, "CREATING"));
    }

    private void start(Cluster c, String from) {
        long started = System.nanoTime();
        String id = dev.overcast.kafka.Arns.resourceId(c.arn());
        try {
            fleet.start(layout(c));
            log.info("Cluster {}: {} broker(s) of Kafka {} answer metadata after {} ms, {} CPU seconds of the brokers",
                    c.name(), c.brokerCount(), c.kafkaVersion(), (System.nanoTime() - started) / 1_000_000,
                    String.format(java.util.Locale.ROOT, "%.2f", fleet.cpuSeconds(id)));
            if (!clusters.transition(c.arn(), from, "ACTIVE", null)) {
                fleet.delete(id); // deleted while its brokers started
            }
        } catch (RuntimeException e) {
            log.warn("The brokers of cluster {} could not start", c.arn(), e);
            if (clusters.transition(c.arn(), from, "FAILED", StateInfo.builder().code("BrokerStartFailed")
                    .message(firstLine(e.getMessage())).build())) {
                fleet.stop(id);
            } else {
                fleet.delete(id);
            }
        }
    }

    /**
     * Runs an operation already recorded (its cluster in {@code state}): each step marked as it runs, the cluster ACTIVE
     * again at the end, the operation UPDATE_COMPLETE or UPDATE_FAILED.
     *
     * @param steps step name → what it does to the brokers of the cluster's (new) layout
     */
    public void run(Cluster c, String state, String operationArn, Map<String, Consumer<BrokerLayout>> steps) {
        work.submit(() -> {
            String failed = null;
            for (Map.Entry<String, Consumer<BrokerLayout>> step : steps.entrySet()) {
                operations.step(operationArn, step.getKey(), "IN_PROGRESS");
                try {
                    step.getValue().accept(layout(clusters.find(c.arn()).orElseThrow()));
                    operations.step(operationArn, step.getKey(), "SUCCEEDED");
                } catch (RuntimeException e) {
                    log.warn("Operation {} failed at {}", operationArn, step.getKey(), e);
                    operations.step(operationArn, step.getKey(), "FAILED");
                    failed = firstLine(e.getMessage());
                    break;
                }
            }
            log.info("Operation {} on cluster {} ended: {}", operationArn, c.name(), failed == null ? "complete" : failed);
            operations.finish(operationArn, clock.now(), failed == null ? null : "BrokerUpdateFailed", failed);
            clusters.transition(c.arn(), state, "ACTIVE", null);
        });
    }

    /** Stops the brokers, removes their data, then the cluster (DescribeCluster answers NotFound from then on). */
    public void remove(Cluster c) {
        work.submit(() -> {
            long started = System.nanoTime();
            try {
                fleet.delete(dev.overcast.kafka.Arns.resourceId(c.arn()));
                log.info("Cluster {}: brokers stopped and data removed after {} ms", c.name(), (System.nanoTime() - started) / 1_000_000);
            } finally {
                clusters.delete(c.arn());
            }
        });
    }

    /** Brings back every cluster that was running when the service stopped, and finishes what was under way. */
    @EventListener(ApplicationReadyEvent.class)
    public void restore() {
        for (OperationStore.StoredOperation op : operations.unfinished()) {
            operations.finish(op.arn(), clock.now(), "ServiceRestarted",
                    "The service restarted during the operation; the brokers were started with the target settings.");
        }
        List<Cluster> all = clusters.all();
        fleet.stopStrays(all.stream().map(c -> dev.overcast.kafka.Arns.resourceId(c.arn())).collect(java.util.stream.Collectors.toSet()));
        for (Cluster c : all) {
            switch (c.state()) {
                case "DELETING" -> remove(c);
                case "FAILED" -> fleet.stopOrphans(dev.overcast.kafka.Arns.resourceId(c.arn()),
                        clusters.brokers(c.arn()).stream().map(Broker::id).toList());
                case "CREATING" -> work.submit(() -> start(c, "CREATING"));
                default -> {
                    clusters.transition(c.arn(), c.state(), "HEALING", null);
                    work.submit(() -> start(c, "HEALING"));
                }
            }
        }
    }

    @PreDestroy
    void shutdown() {
        work.shutdownNow();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
