package dev.overcast.flink.application;

import dev.overcast.common.time.SuiteClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationDetail;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ParallelismConfigurationDescription;

/**
 * Auto scaling of applications whose ParallelismConfiguration has AutoScalingEnabled, as AWS documents it: the job's
 * load is sampled every {@code sample-interval}; when every sample over {@code scale-up-window} is at or above
 * {@code scale-up-load}, CurrentParallelism doubles (up to ParallelismPerKPU times {@code max-kpus}); when every sample
 * over {@code scale-down-window} is below {@code scale-down-load}, it halves, rounded up (down to Parallelism). AWS's
 * figures are the defaults (one-minute samples, 75 % for 15 minutes, 10 % for 6 hours, 64 KPUs); the load is the
 * busiest task's busy or back-pressured share of time, read from Flink's REST API (where AWS reads the container's CPU).
 * A scaling is a new application version: the application goes AUTOSCALING and restarts with the new parallelism from
 * a snapshot (when snapshots are enabled), then RUNNING again.
 */
@Component
public class AutoScaling implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AutoScaling.class);

    /** One load sample of an application's job, at a version. */
    private record Sample(Instant at, long version, double load) {
    }

    private final ApplicationStore applications;
    private final Runs runs;
    private final TransactionTemplate tx;
    private final SuiteClock clock;
    private final double upLoad;
    private final Duration upWindow;
    private final double downLoad;
    private final Duration downWindow;
    private final int maxKpus;
    private final Map<Long, Deque<Sample>> samples = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flink-auto-scaling");
        t.setDaemon(true);
        return t;
    });

    public AutoScaling(ApplicationStore applications, Runs runs, TransactionTemplate tx, SuiteClock clock,
                       @Value("${overcast.flink.autoscaling.sample-interval}") Duration interval,
                       @Value("${overcast.flink.autoscaling.scale-up-load}") double upLoad,
                       @Value("${overcast.flink.autoscaling.scale-up-window}") Duration upWindow,
                       @Value("${overcast.flink.autoscaling.scale-down-load}") double downLoad,
                       @Value("${overcast.flink.autoscaling.scale-down-window}") Duration downWindow,
                       @Value("${overcast.flink.autoscaling.max-kpus}") int maxKpus) {
        this.applications = applications;
        this.runs = runs;
        this.tx = tx;
        this.clock = clock;
        this.upLoad = upLoad;
        this.upWindow = upWindow;
        this.downLoad = downLoad;
        this.downWindow = downWindow;
        this.maxKpus = maxKpus;
        sampler.scheduleWithFixedDelay(this::sampleAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sampleAll() {
        samples.keySet().retainAll(runs.runningApplications());
        for (long id : runs.runningApplications()) {
            try {
                sample(id);
            } catch (RuntimeException e) {
                log.debug("Could not sample the load of application {}: {}", id, e.getMessage());
            }
        }
    }

    private void sample(long id) {
        Application app = applications.byId(id).orElse(null);
        ParallelismConfigurationDescription p = app == null ? null
                : app.detail().applicationConfigurationDescription().flinkApplicationConfigurationDescription()
                .parallelismConfigurationDescription();
        if (p == null || !Boolean.TRUE.equals(p.autoScalingEnabled()) || !"RUNNING".equals(app.status())) {
            samples.remove(id);
            return;
        }
        OptionalDouble load = runs.load(id);
        if (load.isEmpty()) {
            return;
        }
        Instant now = clock.now();
        Deque<Sample> history = samples.computeIfAbsent(id, k -> new ArrayDeque<>());
        if (!history.isEmpty() && history.peekLast().version() != app.versionId()) {
            history.clear(); // a new version (an update, a scaling) starts a new window
        }
        history.addLast(new Sample(now, app.versionId(), load.getAsDouble()));
        // kept: the samples of the longer window, and the one just before it (that shows the window is covered)
        Instant keep = now.minus(upWindow.compareTo(downWindow) > 0 ? upWindow : downWindow);
        while (history.size() > 1 && !history.stream().skip(1).findFirst().orElseThrow().at().isAfter(keep)) {
            history.removeFirst();
        }
        int current = p.currentParallelism() != null ? p.currentParallelism() : p.parallelism();
        int max = Math.max(p.parallelism(), p.parallelismPerKPU() * maxKpus);
        if (current < max && holds(history, now, upWindow, s -> s.load() >= upLoad)) {
            scale(app, current, Math.min(max, current * 2));
        } else if (current > p.parallelism() && holds(history, now, downWindow, s -> s.load() < downLoad)) {
            scale(app, current, Math.max(p.parallelism(), (current + 1) / 2));
        }
    }

    /**
     * True when the samples cover the window up to now (one of them is at or before its start) and every sample from
     * that one on meets the condition.
     */
    private static boolean holds(Deque<Sample> history, Instant now, Duration window, Predicate<Sample> condition) {
        Instant from = now.minus(window);
        for (var it = history.descendingIterator(); it.hasNext(); ) {
            Sample s = it.next();
            if (!condition.test(s)) {
                return false;
            }
            if (!s.at().isAfter(from)) {
                return true;
            }
        }
        return false;
    }

    /**
     * AUTOSCALING, a new version with the new CurrentParallelism, the job restarted with it; nothing when the
     * application changed meanwhile.
     */
    private void scale(Application seen, int from, int to) {
        Application scaling = tx.execute(s -> {
            Application app = applications.lock(seen.account(), seen.region(), seen.name());
            if (app.id() != seen.id() || app.versionId() != seen.versionId() || !"RUNNING".equals(app.status())) {
                return null;
            }
            ApplicationDetail d = app.describe();
            var c = d.applicationConfigurationDescription();
            var f = c.flinkApplicationConfigurationDescription();
            ApplicationDetail scaled = d.toBuilder().applicationVersionUpdatedFrom(app.versionId())
                    .applicationConfigurationDescription(c.toBuilder().flinkApplicationConfigurationDescription(f.toBuilder()
                            .parallelismConfigurationDescription(f.parallelismConfigurationDescription().toBuilder()
                                    .currentParallelism(to).build()).build()).build()).build();
            applications.setStatus(app.id(), "AUTOSCALING", clock.now());
            return applications.newVersion(applications.byId(app.id()).orElseThrow(), scaled, clock.now());
        });
        if (scaling != null) {
            samples.remove(seen.id());
            log.info("Application {} scales {} from parallelism {} to {}", seen.arn(), to > from ? "up" : "down", from, to);
            runs.restart(scaling, null);
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
