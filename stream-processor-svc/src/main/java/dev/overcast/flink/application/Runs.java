package dev.overcast.flink.application;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.flink.FlinkErrors;
import dev.overcast.flink.engine.FlinkClusters;
import dev.overcast.flink.engine.FlinkClusters.Cluster;
import dev.overcast.flink.storage.SuiteS3;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;

/**
 * What runs: an application's job on its Flink cluster, and the work behind the transient statuses — STARTING
 * (code fetched from S3, cluster started, job submitted, restored from a snapshot as asked), STOPPING (a snapshot on a
 * graceful stop when snapshots are enabled), UPDATING (restart with the new version from a snapshot), DELETING.
 * Each of these ends the operation that asked for it (SUCCESSFUL, or FAILED with the error). A job Flink restarts
 * stays RUNNING; a job that fails for good leaves the application READY, the failure in its run's operation.
 * A cluster that is lost (its JVM gone) is started again and its job resumed from the latest checkpoint in the suite's
 * S3 (else from what the run started from), the application RUNNING throughout, as AWS recovers from a lost task
 * manager; a cluster lost {@value #MAX_RECOVERIES} times within {@link #RECOVERY_WINDOW} ends the run (READY).
 * A change (an update, a scaling) whose job cannot run — it fails to start, or fails for good once running — is rolled
 * back by the service when the application enabled system rollback, as AWS does.
 * When the service stops, a job that checkpoints takes a last checkpoint and its cluster stops with the checkpoints kept;
 * after a restart of the service (a clean one or not), applications that were RUNNING resume from their latest
 * checkpoint in S3, as AWS recovers; one that does not checkpoint, from the snapshot its ApplicationRestoreConfiguration
 * names (a graceful stop of the service takes one first when that is the latest snapshot and snapshots are enabled).
 */
@Component
public class Runs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Runs.class);

    /** Statuses in which work is under way: no other change is accepted. */
    public static final Set<String> TRANSIENT = Set.of("STARTING", "STOPPING", "UPDATING", "DELETING", "FORCE_STOPPING",
            "ROLLING_BACK", "AUTOSCALING", "MAINTENANCE");

    /** The statuses of a change a system rollback undoes: an update's restart, a scaling's. */
    private static final Set<String> CHANGES = Set.of("UPDATING", "AUTOSCALING");

    /** How many times a run's cluster may be lost within {@link #RECOVERY_WINDOW} and be started again. */
    static final int MAX_RECOVERIES = 3;
    static final Duration RECOVERY_WINDOW = Duration.ofMinutes(10);

    /**
     * What a job was started from: a snapshot (its savepoint downloaded from S3), a checkpoint in S3 (read by the
     * cluster's S3 file system), or nothing.
     */
    private record Restore(SnapshotStore.Snapshot snapshot, String checkpoint) {
    }

    /**
     * A run of an application, across the clusters it recovers on: the operation that started it (null for a scaling or
     * a resume after a service restart), whether it is a change that a system rollback undoes (an update's, a
     * scaling's), and when it recovered from lost clusters.
     */
    private record Run(String operation, boolean change, List<Instant> recoveries) {
    }

    /** A job that runs: its run, and what it was started from. */
    private record Running(Cluster cluster, String jobId, Run run, Restore restore) {
    }

    private final ApplicationStore applications;
    private final SnapshotStore snapshots;
    private final OperationStore operations;
    private final TransactionTemplate tx;
    private final FlinkClusters clusters;
    private final SuiteS3 s3;
    private final SuiteClock clock;
    private final Path home;
    private final String kinesisUrl;
    private final String s3Url;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    private final ExecutorService work = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "flink-application-work");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flink-job-watch");
        t.setDaemon(true);
        return t;
    });

    private final dev.overcast.common.auth.SuiteCredentials credentials;

    public Runs(dev.overcast.common.auth.SuiteCredentials credentials, ApplicationStore applications, SnapshotStore snapshots, OperationStore operations, TransactionTemplate tx,
                FlinkClusters clusters, SuiteS3 s3, SuiteClock clock,
                @Value("${overcast.flink.home}") Path home, @Value("${overcast.flink.kinesis-url}") String kinesisUrl,
                @Value("${overcast.flink.s3-url}") String s3Url) {
        this.credentials = credentials;
        this.applications = applications;
        this.snapshots = snapshots;
        this.operations = operations;
        this.tx = tx;
        this.clusters = clusters;
        this.s3 = s3;
        this.clock = clock;
        this.home = home;
        this.kinesisUrl = kinesisUrl;
        this.s3Url = s3Url;
        watch.scheduleWithFixedDelay(this::watchJobs, 2, 2, TimeUnit.SECONDS);
    }

    /** The run configuration StartApplication or UpdateApplication gave, recorded in the description. */
    public static ApplicationConfigurationDescription withRunConfiguration(ApplicationConfigurationDescription d,
                                                                          ApplicationRestoreConfiguration restore,
                                                                          FlinkRunConfiguration flink) {
        RunConfigurationDescription old = d.runConfigurationDescription();
        return d.toBuilder().runConfigurationDescription(RunConfigurationDescription.builder()
                .applicationRestoreConfigurationDescription(restore != null ? restore : old.applicationRestoreConfigurationDescription())
                .flinkRunConfigurationDescription(flink != null ? flink : old.flinkRunConfigurationDescription()).build()).build();
    }

    /** The snapshot a start restores from, as the application's run configuration says (null: none). */
    public Optional<SnapshotStore.Snapshot> restoreSnapshot(Application app) {
        ApplicationRestoreConfiguration r = app.detail().applicationConfigurationDescription().runConfigurationDescription()
                .applicationRestoreConfigurationDescription();
        return switch (restoreType(app)) {
            case "RESTORE_FROM_LATEST_SNAPSHOT" -> snapshots.latestReady(app.id());
            case "RESTORE_FROM_CUSTOM_SNAPSHOT" -> Optional.of(snapshots.find(app.id(), r.snapshotName())
                    .filter(s -> s.status().equals("READY"))
                    .orElseThrow(() -> FlinkErrors.invalidArgument("Snapshot " + r.snapshotName() + " does not exist for application " + app.name())));
            default -> Optional.empty();
        };
    }

    /** The application's ApplicationRestoreType (SKIP_RESTORE_FROM_SNAPSHOT when none is recorded). */
    private static String restoreType(Application app) {
        ApplicationRestoreConfiguration r = app.detail().applicationConfigurationDescription().runConfigurationDescription()
                .applicationRestoreConfigurationDescription();
        return r == null ? "SKIP_RESTORE_FROM_SNAPSHOT" : r.applicationRestoreTypeAsString();
    }

    /** True when the application's job checkpoints into the suite's S3 (its own cluster, CheckpointingEnabled). */
    private boolean checkpointsInS3(Application app) {
        var cp = app.detail().applicationConfigurationDescription().flinkApplicationConfigurationDescription()
                .checkpointConfigurationDescription();
        return clusters.ownsClusters() && cp != null && Boolean.TRUE.equals(cp.checkpointingEnabled());
    }

    /** After StartApplication set STARTING: launch in the background; {@code operation} ends with the launch. */
    public void launch(Application app, String operation) {
        Optional<SnapshotStore.Snapshot> restore = restoreSnapshot(app);
        work.submit(() -> locked(app.id(), () -> launchOrFail(app.id(), restore.orElse(null), "STARTING", operation)));
    }

    /**
     * After UpdateApplication, RollbackApplication or auto scaling set UPDATING, ROLLING_BACK or AUTOSCALING: restart
     * with the current version, from a snapshot of the running job when snapshots are enabled. An update or a scaling
     * that fails to run goes back to the version before it (a system rollback) when the application enabled system
     * rollback; otherwise, or when the rollback fails too, the application is READY with the error in the operation.
     */
    public void restart(Application app, String operation) {
        String status = app.status();
        work.submit(() -> locked(app.id(), () -> {
            Application now = applications.byId(app.id()).orElseThrow();
            SnapshotStore.Snapshot restore = stopJob(now, now.snapshotsEnabled(), "update");
            String error = launchNow(app.id(), restore, status, operation);
            if (error != null && !(CHANGES.contains(status) && systemRollback(app.id(), status, operation, error, restore))) {
                ended(app.id(), operation, error);
            }
        }));
    }

    /**
     * A change (an update, a scaling) whose job could not run, undone as AWS's system rollback does when the
     * application enabled it: a RollbackApplication operation of the service's own (named in the failed operation's
     * RollbackOperationId) to the version before, whose job restarts from {@code restore}. False, with nothing done,
     * when the application did not enable it, has no version before, or is no longer in {@code status}.
     */
    private boolean systemRollback(long id, String status, String operation, String error, SnapshotStore.Snapshot restore) {
        Application app = applications.byId(id).orElse(null);
        if (app == null || !app.systemRollback()) {
            return false;
        }
        String rollback = tx.execute(s -> {
            Application locked = applications.lock(app.account(), app.region(), app.name());
            if (locked.id() != id || !locked.systemRollback() || locked.versionId() < 2 || !locked.status().equals(status)) {
                return null;
            }
            Application rolled = applications.rollBack(locked, clock.now());
            return operations.begin(id, "RollbackApplication", clock.now(), locked.versionId(), rolled.versionId());
        });
        if (rollback == null) {
            return false;
        }
        log.warn("Application {}: version {} could not run ({}), rolling back to the version before", app.arn(), app.versionId(), error);
        operations.fail(id, operation, clock.now(), error, rollback);
        launchOrFail(id, restore, "ROLLING_BACK", rollback);
        return true;
    }

    /** After StopApplication set STOPPING (or FORCE_STOPPING): a snapshot on a graceful stop, then READY. */
    public void stop(Application app, boolean force, String operation) {
        work.submit(() -> locked(app.id(), () -> {
            stopJob(app, !force && app.snapshotsEnabled(), "stop");
            applications.setStatus(app.id(), "READY", clock.now());
            operations.succeed(app.id(), operation, clock.now());
        }));
    }

    /** DeleteApplication: DELETING, the job stopped without a snapshot, the snapshots' objects and the application removed. */
    public void delete(Application app) {
        applications.setStatus(app.id(), "DELETING", clock.now());
        applications.setShouldRun(app.id(), false);
        work.submit(() -> locked(app.id(), () -> {
            stopJob(app, false, "delete");
            s3.delete(app.account(), app.region(), applicationPrefix(app));
            applications.delete(app.id());
        }));
    }

    /** CreateApplicationSnapshot: a savepoint of the running job, uploaded to S3, then READY. */
    public void snapshot(Application app, String name, String prefix) {
        work.submit(() -> locked(app.id(), () -> {
            Running r = running.get(app.id());
            try {
                if (r == null) {
                    throw new IllegalStateException("the application's job is not running");
                }
                String path = r.cluster().rest().savepoint(r.jobId(), appHome(app).resolve("savepoints").toUri().toString());
                keep(app, name, prefix, path);
            } catch (RuntimeException e) {
                log.warn("Snapshot {} of application {} failed", name, app.arn(), e);
                snapshots.setStatus(app.id(), name, "FAILED");
            }
        }));
    }

    /** The dashboard of the application's running cluster. */
    public Optional<String> dashboard(long application) {
        Running r = running.get(application);
        return r == null ? Optional.empty() : Optional.of(r.cluster().dashboard() + "/#/job/running/" + r.jobId() + "/overview");
    }

    /** The applications whose job runs. */
    public Set<Long> runningApplications() {
        return Set.copyOf(running.keySet());
    }

    /** The load of the application's running job (see {@link dev.overcast.flink.engine.FlinkRest#load}), if it runs. */
    public java.util.OptionalDouble load(long application) {
        Running r = running.get(application);
        return r == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(r.cluster().rest().load(r.jobId()));
    }

    /** The pid of the application's Flink JVM, or -1. */
    public long pid(long application) {
        Running r = running.get(application);
        return r == null ? -1 : r.cluster().pid();
    }

    private void launchOrFail(long id, SnapshotStore.Snapshot restore, String from, String operation) {
        String error = launchNow(id, restore, from, operation);
        if (error != null) {
            ended(id, operation, error);
        }
    }

    /** The application's run ended without the user asking (a failed start, a job that failed for good): READY. */
    private void ended(long id, String operation, String error) {
        applications.setShouldRun(id, false);
        applications.setStatus(id, "READY", clock.now());
        operations.fail(id, operation, clock.now(), error, null);
    }

    /** Starts the application's job: null once it runs (the operation SUCCESSFUL), else why it could not. */
    private String launchNow(long id, SnapshotStore.Snapshot restore, String from, String operation) {
        return launchNow(id, new Restore(restore, null), from, operation, new Run(operation, CHANGES.contains(from), List.of()));
    }

    /**
     * Starts the application's job from {@code restore}: null once it runs, else why it could not. The status moves
     * from {@code from} to RUNNING (none moves when null: a recovery) and {@code operation} (when not null) succeeds;
     * {@code run} is what the job runs for (a later failure of the job fails its operation).
     */
    private String launchNow(long id, Restore restore, String from, String operation, Run run) {
        Application app = applications.byId(id).orElseThrow();
        Cluster cluster = null;
        try {
            Path appHome = appHome(app);
            ApplicationConfigurationDescription c = app.detail().applicationConfigurationDescription();
            S3ApplicationCodeLocationDescription code = c.applicationCodeConfigurationDescription() == null ? null
                    : c.applicationCodeConfigurationDescription().codeContentDescription().s3ApplicationCodeLocationDescription();
            if (code == null) {
                throw FlinkErrors.invalidConfiguration("Application " + app.name() + " has no code configured");
            }
            Path jar = code(app, code);
            RuntimeProperties.write(appHome, c.environmentPropertyDescriptions());
            var flink = c.flinkApplicationConfigurationDescription();
            // the parallelism auto scaling set, else the configured one
            var pc = flink.parallelismConfigurationDescription();
            int parallelism = Math.max(1, pc.currentParallelism() != null ? pc.currentParallelism() : pc.parallelism());
            var cp = flink.checkpointConfigurationDescription();
            var key = credentials.account(app.account()).resolveCredentials();
            FlinkClusters.ClusterSpec spec = new FlinkClusters.ClusterSpec(appHome, parallelism, Boolean.TRUE.equals(cp.checkpointingEnabled()),
                    cp.checkpointInterval(), cp.minPauseBetweenCheckpoints(), Map.of(
                    // the application's account's suite key (SDK v2 and v1 property names), never an instance role
                    "aws.accessKeyId", key.accessKeyId(), "aws.secretAccessKey", key.secretAccessKey(), "aws.secretKey", key.secretAccessKey(),
                    "aws.region", app.region(), "aws.disableEc2Metadata", "true", "com.amazonaws.sdk.disableEc2Metadata", "true",
                    "aws.endpointUrlKinesis", kinesisUrl, "aws.endpointUrlS3", s3Url),
                    // checkpoints in the application's folder of the suite's S3, written there by Flink's S3 file system
                    s3.location(app.account(), app.region(), checkpointsPrefix(app)), s3.fileSystem(app.account(), app.region()));
            if (clusters.ownsClusters()) {
                s3.ensureSnapshotBucket(app.account(), app.region());
            }
            cluster = clusters.start(spec);
            String savepoint = restore.checkpoint();
            if (restore.snapshot() != null) {
                // fetched from S3 for every restore, into a folder of its own (nothing of an earlier copy is trusted)
                Path dir = appHome.resolve("restore").resolve(restore.snapshot().name());
                org.springframework.util.FileSystemUtils.deleteRecursively(dir.toFile());
                s3.download(app.account(), app.region(), restore.snapshot().s3Prefix(), dir);
                savepoint = dir.toUri().toString();
            }
            FlinkRunConfiguration runConf = c.runConfigurationDescription().flinkRunConfigurationDescription();
            String jarId = cluster.rest().uploadJar(cluster.process() == null ? RuntimeProperties.packInto(jar, appHome) : jar);
            String jobId = cluster.rest().run(jarId, null, parallelism, savepoint,
                    runConf != null && Boolean.TRUE.equals(runConf.allowNonRestoredState()), List.of(),
                    cluster.process() == null ? clusters.jobConfiguration(spec) : Map.of());
            awaitRunning(cluster, jobId);
            running.put(id, new Running(cluster, jobId, run, restore));
            if (from != null) {
                applications.moveStatus(id, from, "RUNNING", clock.now());
            }
            operations.succeed(id, operation, clock.now());
            log.info("Application {} runs job {} on {}{}", app.arn(), jobId, cluster.dashboard(),
                    restore.snapshot() != null ? " restored from snapshot " + restore.snapshot().name()
                            : restore.checkpoint() != null ? " restored from checkpoint " + restore.checkpoint() : "");
        } catch (RuntimeException e) {
            log.warn("Application {} could not start: {}", app.arn(), e.getMessage(), e);
            if (cluster != null) {
                clusters.stop(cluster);
            }
            running.remove(id);
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
        return null;
    }

    /**
     * The application's code: fetched from S3 for every start, except that an exact object version already fetched
     * is taken again from the application's folder (an object version never changes).
     */
    private Path code(Application app, S3ApplicationCodeLocationDescription code) {
        Path dir = appHome(app).resolve("code");
        if (code.objectVersion() != null) {
            Path kept = dir.resolve(Integer.toHexString((code.bucketARN() + "/" + code.fileKey()).hashCode()) + "-"
                    + code.objectVersion().replaceAll("[^A-Za-z0-9._-]", "_") + ".jar");
            if (!java.nio.file.Files.exists(kept)) {
                Path part = dir.resolve(kept.getFileName() + ".part");
                s3.fetchCode(app.account(), app.region(), code.bucketARN(), code.fileKey(), code.objectVersion(), part);
                try {
                    java.nio.file.Files.move(part, kept, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return kept;
        }
        Path jar = dir.resolve("application-" + app.versionId() + ".jar");
        s3.fetchCode(app.account(), app.region(), code.bucketARN(), code.fileKey(), null, jar);
        return jar;
    }

    /** Waits until the job and every one of its tasks run (a snapshot of it can be taken from then on). */
    private static void awaitRunning(Cluster cluster, String jobId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            String state = cluster.rest().runningState(jobId);
            if (state.equals("RUNNING")) {
                return;
            }
            if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
                throw new IllegalStateException("job " + jobId + " is " + state + ": " + cluster.rest().rootException(jobId));
            }
            sleep(100);
        }
        throw new IllegalStateException("job " + jobId + " did not reach RUNNING");
    }

    /**
     * Stops the application's job (with a snapshot when asked, kept as {@code <reason>-<millis>}) and its cluster:
     * the snapshot taken, or null.
     */
    private SnapshotStore.Snapshot stopJob(Application app, boolean snapshot, String reason) {
        Running r = running.remove(app.id());
        if (r == null) {
            return null;
        }
        SnapshotStore.Snapshot taken = null;
        try {
            if (snapshot) {
                String name = reason + "-" + clock.now().toEpochMilli();
                String prefix = snapshotPrefix(app, name);
                snapshots.insert(app.id(), name, app.versionId(), clock.now(), prefix);
                String path = r.cluster().rest().stopWithSavepoint(r.jobId(), appHome(app).resolve("savepoints").toUri().toString());
                taken = keep(app, name, prefix, path);
            } else {
                r.cluster().rest().cancel(r.jobId());
            }
        } catch (RuntimeException e) {
            log.warn("Stopping the job of application {} failed: {}", app.arn(), e.getMessage(), e);
        } finally {
            clusters.stop(r.cluster());
            dropCheckpoints(app);
        }
        return taken;
    }

    /**
     * The application's checkpoints are removed from S3 once its run ends (a restore after a stop is from a snapshot;
     * checkpoints serve only the recovery of a lost cluster).
     */
    private void dropCheckpoints(Application app) {
        if (!clusters.ownsClusters()) {
            return;
        }
        try {
            s3.delete(app.account(), app.region(), checkpointsPrefix(app));
        } catch (RuntimeException e) {
            log.warn("Could not remove the checkpoints of application {}: {}", app.arn(), e.getMessage());
        }
    }

    /**
     * Uploads a savepoint folder to the snapshot's prefix, marks the snapshot READY and removes the local folder: a
     * snapshot lives in the suite's S3 only, and every restore reads it from there.
     */
    private SnapshotStore.Snapshot keep(Application app, String name, String prefix, String savepointPath) {
        Path dir = Path.of(java.net.URI.create(savepointPath.startsWith("file:") ? savepointPath : "file:" + savepointPath));
        s3.upload(app.account(), app.region(), prefix, dir);
        snapshots.ready(app.id(), name, dir.getFileName().toString());
        if (clusters.ownsFolder(dir)) {
            org.springframework.util.FileSystemUtils.deleteRecursively(dir.toFile());
        }
        return snapshots.find(app.id(), name).orElseThrow();
    }

    /**
     * The service stops: a last checkpoint of the application's job (what the next start resumes from, so that nothing
     * counted since the periodic one is read again), then its cluster stopped, the job suspended and its checkpoints
     * kept in S3.
     */
    private void suspend(Application app) {
        Running r = running.remove(app.id());
        if (r == null) {
            return;
        }
        try {
            log.info("Application {}: checkpoint {} taken as the service stops", app.arn(), r.cluster().rest().checkpoint(r.jobId()));
        } catch (RuntimeException e) {
            log.warn("Application {}: no last checkpoint as the service stops ({}); it resumes from its latest one", app.arn(), e.getMessage());
        } finally {
            clusters.stop(r.cluster());
        }
    }

    /** The application's folder in the snapshot bucket. */
    public static String applicationPrefix(Application app) {
        return "applications/" + app.name() + "/" + app.created().toEpochMilli() + "/";
    }

    public static String snapshotPrefix(Application app, String snapshot) {
        return applicationPrefix(app) + "snapshots/" + snapshot + "/";
    }

    /** The application's checkpoints in the snapshot bucket (Flink adds {@code <job id>/chk-<n>/}). */
    public static String checkpointsPrefix(Application app) {
        return applicationPrefix(app) + "checkpoints/";
    }

    private Path appHome(Application app) {
        return home.resolve("applications").resolve(app.account()).resolve(app.region()).resolve(app.name());
    }

    /** A job that failed for good (Flink gave up restarting it), or a cluster that died: the application is READY again. */
    private void watchJobs() {
        for (var e : Map.copyOf(running).entrySet()) {
            Running r = e.getValue();
            if (r.cluster().process() != null && !r.cluster().process().isAlive()) {
                if (running.remove(e.getKey(), r)) {
                    log.warn("The Flink cluster of application {} exited (pid {}); starting it again", e.getKey(), r.cluster().pid());
                    work.submit(() -> locked(e.getKey(), () -> recover(e.getKey(), r)));
                }
                continue;
            }
            String state = jobState(r);
            if (state.startsWith("FAILED") || state.equals("FINISHED") || state.equals("CANCELED")) {
                long id = e.getKey();
                if (running.remove(id, r)) {
                    String cause = state.equals("FAILED") ? rootException(r) : state;
                    log.warn("The job of application {} ended: {}", id, cause);
                    clusters.stop(r.cluster());
                    applications.byId(id).ifPresent(this::dropCheckpoints);
                    if (state.startsWith("FAILED") && r.run().change()) {
                        // a change whose job fails for good (Flink gave up restarting it): a system rollback, when
                        // enabled, to the version before and the state of the latest snapshot (the change's own)
                        work.submit(() -> locked(id, () -> {
                            if (!systemRollback(id, "RUNNING", r.run().operation(), "The Flink job failed: " + cause,
                                    snapshots.latestReady(id).orElse(null))) {
                                jobEnded(id, r, state, cause);
                            }
                        }));
                    } else {
                        jobEnded(id, r, state, cause);
                    }
                }
            }
        }
    }

    /** The job's state as its cluster reports it; FAILED (with why) when the cluster cannot be asked. */
    private static String jobState(Running r) {
        try {
            return r.cluster().rest().jobState(r.jobId());
        } catch (RuntimeException ex) {
            return "FAILED (" + ex.getMessage() + ")";
        }
    }

    /** A job ended by itself (failed for good, finished): the application READY, a failure in its run's operation. */
    private void jobEnded(long id, Running r, String state, String cause) {
        applications.setShouldRun(id, false);
        if (applications.moveStatus(id, "RUNNING", "READY", clock.now()) && state.startsWith("FAILED")) {
            // the failure is the run's: its operation (the start, update or rollback) reports it
            operations.fail(id, r.run().operation(), clock.now(), "The Flink job failed: " + cause, null);
        }
    }

    /**
     * A run whose cluster was lost: a new cluster, the job resumed from its latest checkpoint in S3 (else from what the
     * run started from), RUNNING throughout; unless the application left RUNNING meanwhile (stopped, updated, deleted),
     * or its cluster was lost too often, which ends the run as a failed job does.
     */
    private void recover(long id, Running lost) {
        clusters.stop(lost.cluster());
        Application app = applications.byId(id).orElse(null);
        if (app == null || !app.status().equals("RUNNING") || running.containsKey(id)) {
            return;
        }
        Instant now = clock.now();
        Run run = lost.run();
        List<Instant> recoveries = new ArrayList<>(run.recoveries().stream().filter(t -> t.isAfter(now.minus(RECOVERY_WINDOW))).toList());
        if (recoveries.size() >= MAX_RECOVERIES) {
            dropCheckpoints(app);
            ended(id, run.operation(), "The application's Flink cluster exited " + (recoveries.size() + 1) + " times within "
                    + RECOVERY_WINDOW.toMinutes() + " minutes");
            return;
        }
        recoveries.add(now);
        Restore restore = s3.latestCheckpoint(app.account(), app.region(), checkpointsPrefix(app) + lost.jobId() + "/")
                .map(checkpoint -> new Restore(null, checkpoint)).orElse(lost.restore());
        String error = launchNow(id, restore, null, null, new Run(run.operation(), run.change(), recoveries));
        if (error != null) {
            ended(id, run.operation(), error);
        }
    }

    /** Why Flink gave the job up, as its REST API reports it. */
    private static String rootException(Running r) {
        try {
            String e = r.cluster().rest().rootException(r.jobId());
            return e == null ? "FAILED" : e;
        } catch (RuntimeException ex) {
            return "FAILED (" + ex.getMessage() + ")";
        }
    }

    private void locked(long id, Runnable action) {
        synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("Work on application {} failed", id, e);
            }
        }
    }

    /**
     * After a restart of the service (a clean one or not): applications that were RUNNING start again, from their latest
     * checkpoint in S3 when they checkpoint (see {@link #resumePoint}).
     */
    @EventListener(ApplicationReadyEvent.class)
    public void resume() {
        for (Application app : applications.shouldRun()) {
            if (running.containsKey(app.id())) {
                continue;
            }
            applications.setStatus(app.id(), "STARTING", clock.now());
            work.submit(() -> locked(app.id(), () -> {
                String error;
                try {
                    error = launchNow(app.id(), resumePoint(app), "STARTING", null, new Run(null, false, List.of()));
                } catch (RuntimeException e) {
                    error = e.getMessage() == null ? e.toString() : e.getMessage();
                }
                if (error != null) {
                    ended(app.id(), null, error);
                }
            }));
        }
    }

    /**
     * Where a run resumed after a restart of the service starts from: the latest checkpoint in S3 (the last run's, kept
     * when its cluster stopped with the service or was left behind by a killed one) when the application checkpoints, as
     * AWS recovers; else, or when there is none yet, the snapshot its ApplicationRestoreConfiguration names.
     */
    private Restore resumePoint(Application app) {
        if (checkpointsInS3(app)) {
            clusters.stopOrphan(appHome(app)); // a killed predecessor's cluster, still running, writes no further checkpoint
            Optional<String> checkpoint = s3.latestCheckpoint(app.account(), app.region(), checkpointsPrefix(app));
            if (checkpoint.isPresent()) {
                return new Restore(null, checkpoint.get());
            }
        }
        return new Restore(restoreSnapshot(app).orElse(null), null);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The service stops; its applications stay marked to run, and the next start of the service resumes them. A job
     * that checkpoints takes a last checkpoint and its cluster stops with the job suspended, the checkpoints kept (the
     * next start resumes from them); any other job is stopped, with a snapshot when snapshots are enabled and the
     * application restores from its latest snapshot.
     */
    @Override
    public void close() {
        watch.shutdownNow();
        work.shutdownNow();
        for (long id : List.copyOf(running.keySet())) {
            synchronized (locks.computeIfAbsent(id, k -> new Object())) {
                try {
                    applications.byId(id).ifPresent(app -> {
                        if (checkpointsInS3(app)) {
                            suspend(app);
                        } else {
                            stopJob(app, app.snapshotsEnabled() && restoreType(app).equals("RESTORE_FROM_LATEST_SNAPSHOT"), "shutdown");
                        }
                    });
                } catch (RuntimeException e) {
                    log.warn("Could not stop application {} on shutdown", id, e);
                }
            }
        }
        running.values().forEach(r -> clusters.stop(r.cluster()));
        running.clear();
    }
}
