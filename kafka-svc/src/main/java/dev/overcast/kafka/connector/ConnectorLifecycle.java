package dev.overcast.kafka.connector;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.kafka.plugin.CustomPluginStore;
import dev.overcast.kafka.plugin.PluginFiles;
import dev.overcast.kafka.tag.TagStore;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorOperationStep;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorOperationResponse;
import software.amazon.awssdk.services.kafkaconnect.model.StateDescription;

/**
 * Moves connectors through MSK Connect's states with a real Kafka Connect worker behind each: CREATING until the
 * worker serves and the connector and all its tasks are RUNNING (FAILED with a StateDescription when the worker cannot
 * start or the connector or a task fails); UPDATING while an update runs; DELETING until the worker is stopped and its
 * folder removed. A RUNNING connector whose worker dies or whose connector or task fails turns FAILED. At start-up it
 * starts again every connector that was running. The work on one connector runs in order (a delete waits for the start
 * under way).
 */
@Component
public class ConnectorLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConnectorLifecycle.class);
    private static final Duration RUNNING_TIMEOUT = Duration.ofMinutes(4);

    private final ConnectorStore store;
    private final ConnectWorkers workers;
    private final CustomPluginStore plugins;
    private final PluginFiles files;
    private final ClusterBootstrap bootstrap;
    private final TagStore tags;
    private final TransactionTemplate tx;
    private final SuiteClock clock;
    private final Map<String, CompletableFuture<Void>> queues = new ConcurrentHashMap<>();
    private final ExecutorService work = Executors.newFixedThreadPool(2, daemon("msk-connect-work"));
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(daemon("msk-connect-monitor"));

    public ConnectorLifecycle(ConnectorStore store, ConnectWorkers workers, CustomPluginStore plugins, PluginFiles files,
                              ClusterBootstrap bootstrap, TagStore tags, TransactionTemplate tx, SuiteClock clock) {
        this.store = store;
        this.workers = workers;
        this.plugins = plugins;
        this.files = files;
        this.bootstrap = bootstrap;
        this.tags = tags;
        this.tx = tx;
        this.clock = clock;
        monitor.scheduleWithFixedDelay(this::watch, 5, 5, TimeUnit.SECONDS);
    }

    /** Starts a new connector's worker in the background: RUNNING when the connector runs, FAILED otherwise. */
    public void launch(Connector c) {
        enqueue(c, () -> start(c, "CREATING"));
    }

    private void start(Connector c, String from) {
        long started = System.nanoTime();
        try {
            workers.start(new ConnectWorkers.WorkerSpec(c.id(), c.name(),
                    bootstrap.resolve(c.spec().kafkaCluster().apacheKafkaCluster().bootstrapServers()), c.restPort(),
                    ConnectWorkers.parse(c.workerProperties()), dir -> installPlugins(c, dir)));
            WorkerRest.putConfig(c.restPort(), c.name(), configuration(c));
            awaitRunning(c);
            log.info("Connector {} RUNNING after {} ms", c.name(), (System.nanoTime() - started) / 1_000_000);
            store.transition(c.arn(), from, "RUNNING", null, null);
        } catch (RuntimeException e) {
            log.warn("Connector {} could not start", c.arn(), e);
            String code = e instanceof PluginFiles.PluginFileException ? "PluginUnavailable" : "ConnectorStartFailed";
            if (store.transition(c.arn(), from, "FAILED", code, firstLine(e.getMessage()))) {
                workers.stop(c.id());
            }
        }
    }

    /** Lays the connector's plugins out in the worker's plugin.path (checked ACTIVE at creation, kept while in use). */
    private void installPlugins(Connector c, java.nio.file.Path pluginPath) {
        for (var plugin : c.spec().plugins()) {
            String arn = plugin.customPlugin().customPluginArn();
            files.install(plugins.find(arn).orElseThrow(() -> new PluginFiles.PluginFileException(
                    "The custom plugin " + arn + " no longer exists", null)), pluginPath);
        }
    }

    /** The connector's configuration as the worker takes it: MSK Connect's, named after the connector. */
    private static Map<String, String> configuration(Connector c) {
        Map<String, String> config = new LinkedHashMap<>(c.spec().connectorConfiguration());
        config.put("name", c.name());
        return config;
    }

    /** Waits until the connector and all its tasks run; fails on a FAILED one, the worker's end, or the timeout. */
    private void awaitRunning(Connector c) {
        long deadline = System.nanoTime() + RUNNING_TIMEOUT.toNanos();
        while (true) {
            if (!workers.isRunning(c.id())) {
                throw new IllegalStateException("The connector's worker stopped");
            }
            WorkerRest.Status status = WorkerRest.status(c.restPort(), c.name());
            if (status != null && status.failure() != null) {
                throw new IllegalStateException("The connector failed: " + status.failure().trace());
            }
            if (status != null && status.running()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The connector and its tasks were not RUNNING within " + RUNNING_TIMEOUT);
            }
            sleep(250);
        }
    }

    /**
     * Runs an update already recorded (the connector UPDATING, the operation PENDING): a new connector configuration
     * goes to the worker, which must run it; a new capacity is recorded (one worker runs every connector's tasks here).
     */
    public void update(Connector c, DescribeConnectorOperationResponse operation) {
        enqueue(c, () -> {
            DescribeConnectorOperationResponse op = operation.toBuilder().connectorOperationState("UPDATE_IN_PROGRESS").build();
            String failure = null;
            List<String> steps = List.of("INITIALIZE_UPDATE", operation.connectorOperationTypeAsString(), "VALIDATE_UPDATE",
                    "FINALIZE_UPDATE");
            for (int i = 0; i < steps.size(); i++) {
                op = withSteps(op, steps, i, "IN_PROGRESS");
                store.saveOperation(op);
                try {
                    if (steps.get(i).equals("UPDATE_CONNECTOR_CONFIGURATION")) {
                        WorkerRest.putConfig(c.restPort(), c.name(), configuration(store.find(c.arn()).orElseThrow()));
                    } else if (steps.get(i).equals("VALIDATE_UPDATE")) {
                        awaitRunning(c);
                    }
                } catch (RuntimeException e) {
                    log.warn("Update {} of connector {} failed", operation.connectorOperationArn(), c.name(), e);
                    failure = firstLine(e.getMessage());
                    op = withSteps(op, steps, i, "FAILED");
                    break;
                }
                op = withSteps(op, steps, i, "COMPLETED");
            }
            store.saveOperation(op.toBuilder().connectorOperationState(failure == null ? "UPDATE_COMPLETE" : "UPDATE_FAILED")
                    .endTime(clock.now()).errorInfo(failure == null ? null
                            : StateDescription.builder().code("UpdateFailed").message(failure).build()).build());
            if (failure == null) {
                store.transition(c.arn(), "UPDATING", "RUNNING", null, null);
            } else if (store.transition(c.arn(), "UPDATING", "FAILED", "UpdateFailed", failure)) {
                workers.stop(c.id());
            }
        });
    }

    /** The steps up to {@code done} completed, step {@code at} in {@code state}, the rest pending. */
    private static DescribeConnectorOperationResponse withSteps(DescribeConnectorOperationResponse op, List<String> steps,
                                                                int at, String state) {
        List<ConnectorOperationStep> list = new java.util.ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String s = i < at ? "COMPLETED" : i == at ? state : "PENDING";
            list.add(ConnectorOperationStep.builder().stepType(steps.get(i)).stepState(s).build());
        }
        return op.toBuilder().operationSteps(list).build();
    }

    /** Stops the worker, removes its folder, then the connector (DescribeConnector answers NotFound from then on). */
    public void remove(Connector c) {
        enqueue(c, () -> {
            try {
                workers.delete(c.id());
            } finally {
                tx.executeWithoutResult(s -> {
                    store.delete(c.arn());
                    tags.removeAll(c.arn());
                });
            }
        });
    }

    /** A RUNNING connector whose worker (started here) died, or whose connector or a task failed, turns FAILED. */
    void watch() {
        try {
            for (Connector c : store.all()) {
                if (!"RUNNING".equals(c.state()) || !workers.owns(c.id())) {
                    continue;
                }
                String failure = null;
                if (!workers.isRunning(c.id())) {
                    failure = "The connector's worker stopped";
                } else {
                    WorkerRest.Status status = WorkerRest.status(c.restPort(), c.name());
                    if (status != null && status.failure() != null) {
                        failure = "The connector failed: " + firstLine(status.failure().trace());
                    }
                }
                if (failure != null && store.transition(c.arn(), "RUNNING", "FAILED", "ConnectorFailed", failure)) {
                    log.warn("Connector {} FAILED: {}", c.name(), failure);
                    enqueue(c, () -> workers.stop(c.id()));
                }
            }
        } catch (RuntimeException e) {
            log.debug("Could not check the connectors' workers", e);
        }
    }

    /** Starts again every connector that was running when the service stopped, and finishes what was under way. */
    @EventListener(ApplicationReadyEvent.class)
    public void restore() {
        for (Connector c : store.all()) {
            switch (c.state()) {
                case "DELETING" -> remove(c);
                case "FAILED" -> enqueue(c, () -> workers.stopOrphan(c.id()));
                case "CREATING" -> enqueue(c, () -> start(c, "CREATING"));
                default -> {
                    for (DescribeConnectorOperationResponse op : store.operations(c.arn())) {
                        if (op.endTime() == null) {
                            store.saveOperation(op.toBuilder().connectorOperationState("UPDATE_FAILED").endTime(clock.now())
                                    .errorInfo(StateDescription.builder().code("ServiceRestarted").message(
                                            "The service restarted during the update; the worker was started with the target settings.")
                                            .build()).build());
                        }
                    }
                    store.transition(c.arn(), c.state(), "UPDATING", null, null);
                    enqueue(c, () -> start(c, "UPDATING"));
                }
            }
        }
    }

    private void enqueue(Connector c, Runnable task) {
        queues.compute(c.id(), (id, last) -> (last == null ? CompletableFuture.<Void>completedFuture(null) : last)
                .handle((ok, e) -> null).thenRunAsync(task, work));
    }

    @PreDestroy
    void shutdown() {
        monitor.shutdownNow();
        work.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
