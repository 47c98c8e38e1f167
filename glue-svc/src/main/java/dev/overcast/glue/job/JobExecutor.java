package dev.overcast.glue.job;

import dev.overcast.common.engine.EngineProcess;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.glue.model.Job;
import software.amazon.awssdk.services.glue.model.JobBookmarkEntry;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;

/**
 * Starts job runs and carries them through STARTING → RUNNING → SUCCEEDED/FAILED/TIMEOUT/STOPPED, retrying a failed
 * run up to the job's MaxRetries. {@code pythonshell} runs really run ({@link PythonShell}), {@code glueetl} runs on
 * Spark ({@link SparkJobs}, which hands back the job bookmark a successful run committed); {@code gluestreaming} and
 * {@code glueray} runs fail with an ErrorMessage saying that execution is not available yet. The replica running a run
 * holds its {@link RunLocks lock}; runs nobody holds when the service starts were interrupted by a stop of the service
 * and are marked FAILED.
 */
@Component
public class JobExecutor implements AutoCloseable {

    public static final String KIND = "job";
    /** Glue's default job timeout: 2,880 minutes (48 hours). */
    static final int DEFAULT_TIMEOUT_MINUTES = 2880;

    private final Resources resources;
    private final JobRuns runs;
    private final PythonShell python;
    private final SparkJobs spark;
    private final RunLocks locks;
    private final TransactionTemplate tx;
    private final SuiteClock clock;
    private final ApplicationEventPublisher events;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Boolean> stopRequested = new ConcurrentHashMap<>();
    /** The runs this replica carries (so that the start-up sweep never takes one of its own for interrupted). */
    private final Set<String> mine = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    public JobExecutor(Resources resources, JobRuns runs, PythonShell python, SparkJobs spark, RunLocks locks,
                       TransactionTemplate tx, SuiteClock clock, ApplicationEventPublisher events) {
        this.resources = resources;
        this.runs = runs;
        this.python = python;
        this.spark = spark;
        this.locks = locks;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
    }

    public Job require(Scope s, String name) {
        return resources.get(s, KIND, name, Job.class).map(Resources.Entry::doc)
                .orElseThrow(() -> GlueErrors.entityNotFound("Job with name: " + name + " not found"));
    }

    /** Starts a run of the job with these run arguments; ConcurrentRunsExceededException past MaxConcurrentRuns. */
    public JobRun start(Scope s, String jobName, Map<String, String> arguments, Integer timeout, String triggerName,
                        int attempt, String previousRunId) {
        Instant now = clock.now();
        JobRun run = tx.execute(st -> {
            Job job = resources.lock(s, KIND, jobName, Job.class).map(Resources.Entry::doc)
                    .orElseThrow(() -> GlueErrors.entityNotFound("Job with name: " + jobName + " not found"));
            int max = job.executionProperty() == null || job.executionProperty().maxConcurrentRuns() == null ? 1
                    : job.executionProperty().maxConcurrentRuns();
            if (runs.active(s, jobName) >= max) {
                throw GlueErrors.concurrentRunsExceeded("Concurrent runs exceeded for " + jobName);
            }
            Map<String, String> args = new LinkedHashMap<>(job.hasDefaultArguments() ? job.defaultArguments() : Map.of());
            if (arguments != null) {
                args.putAll(arguments);
            }
            if (job.hasNonOverridableArguments()) {
                args.putAll(job.nonOverridableArguments());
            }
            String id = "jr_" + HexFormat.of().formatHex(random.generateSeed(32));
            JobRun r = JobRun.builder().id(id).attempt(attempt).previousRunId(previousRunId).triggerName(triggerName)
                    .jobName(jobName).startedOn(now).lastModifiedOn(now).jobRunState(JobRunState.STARTING)
                    .arguments(args).timeout(timeout != null ? timeout : job.timeout() != null ? job.timeout()
                            : DEFAULT_TIMEOUT_MINUTES)
                    .maxCapacity(job.maxCapacity()).workerType(job.workerType()).numberOfWorkers(job.numberOfWorkers())
                    .glueVersion(job.glueVersion()).logGroupName("/aws-glue/jobs").executionTime(0).build();
            runs.insert(s, r);
            return r;
        });
        mine.add(run.id());
        executor.submit(() -> {
            locks.hold(run.id());
            try {
                execute(s, run);
            } finally {
                locks.release(run.id());
                mine.remove(run.id());
            }
        });
        return run;
    }

    /** Asks a run to stop; false when it is already in a final state. */
    public boolean stop(Scope s, String job, String runId) {
        JobRun run = runs.find(s, job, runId).orElse(null);
        if (run == null || final_(run.jobRunState())) {
            return false;
        }
        stopRequested.put(runId, true);
        runs.transition(run.toBuilder().jobRunState(JobRunState.STOPPING).lastModifiedOn(clock.now()).build());
        python.stop(runId);
        executor.submit(() -> spark.stop(runId)); // a clean stop of the child may take its grace period
        return true;
    }

    static boolean final_(JobRunState state) {
        return state == JobRunState.SUCCEEDED || state == JobRunState.FAILED || state == JobRunState.STOPPED
                || state == JobRunState.TIMEOUT || state == JobRunState.ERROR;
    }

    private void execute(Scope s, JobRun run) {
        Job job = require(s, run.jobName());
        String command = job.command() == null || job.command().name() == null ? "glueetl" : job.command().name();
        JobRun running = run.toBuilder().jobRunState(JobRunState.RUNNING).lastModifiedOn(clock.now()).build();
        if (!runs.transition(running)) {
            finish(s, job, run, JobRunState.STOPPED, null);
            return;
        }
        JobRunState end;
        String error = null;
        try {
            Duration timeout = Duration.ofMinutes(running.timeout());
            PythonShell.Result result;
            Optional<String> bookmark = Optional.empty();
            if (command.equals("pythonshell")) {
                result = python.run(s, job, running, timeout, text -> runs.appendLog(run.id(), text));
            } else if (command.equals("glueetl")) {
                SparkJobs.Outcome outcome = spark.run(s, job, running, bookmark(s, job.name())
                        .map(JobBookmarkEntry::jobBookmark).orElse(null), timeout, text -> runs.appendLog(run.id(), text));
                result = outcome.result();
                bookmark = outcome.bookmark();
            } else {
                result = new PythonShell.Result(1, false, "Command " + command + " is not available in Overcast yet:"
                        + " streaming (gluestreaming) and Ray (glueray) execution is not implemented; glueetl jobs run on"
                        + " Spark and pythonshell jobs with python3");
            }
            if (stopRequested.containsKey(run.id())) {
                end = JobRunState.STOPPED;
            } else if (result.timedOut()) {
                end = JobRunState.TIMEOUT;
                error = "Job run timed out after " + running.timeout() + " minutes";
            } else if (result.exitCode() == 0) {
                end = JobRunState.SUCCEEDED;
                bookmark.ifPresent(state -> commitBookmark(s, job.name(), running, state));
            } else {
                end = JobRunState.FAILED;
                error = result.error();
            }
        } catch (RuntimeException e) {
            end = JobRunState.FAILED;
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            runs.appendLog(run.id(), "Overcast: " + error + "\n");
        }
        finish(s, job, running, end, error);
    }

    private Optional<JobBookmarkEntry> bookmark(Scope s, String job) {
        return resources.get(s, JobApi.BOOKMARK, job, JobBookmarkEntry.class).map(Resources.Entry::doc);
    }

    /** A successful run's committed bookmark: the job's next entry (version and run counted on). */
    private void commitBookmark(Scope s, String job, JobRun run, String state) {
        JobBookmarkEntry previous = bookmark(s, job).orElse(null);
        int version = previous == null || previous.version() == null ? 0 : previous.version();
        int count = previous == null || previous.run() == null ? 0 : previous.run();
        JobBookmarkEntry entry = JobBookmarkEntry.builder().jobName(job).version(version + 1).run(count + 1)
                .attempt(run.attempt()).previousRunId(previous == null ? null : previous.runId()).runId(run.id())
                .jobBookmark(state).build();
        resources.put(s, JobApi.BOOKMARK, job, entry, clock.now());
    }

    /**
     * On start: runs left STARTING, RUNNING or STOPPING whose lock no replica holds were cut off by a stop of the
     * service; they are marked FAILED (their Spark child, if a killed service left one, is stopped).
     */
    @EventListener(ApplicationReadyEvent.class)
    public void failInterrupted() {
        for (JobRuns.Active active : runs.unfinished()) {
            JobRun run = active.run();
            if (mine.contains(run.id())) {
                continue;
            }
            locks.ifUnheld(run.id(), () -> {
                EngineProcess.stopOrphan(SparkJobs.ENGINE, spark.home(run.id()), Duration.ofSeconds(20));
                Instant now = clock.now();
                JobRun failed = run.toBuilder().jobRunState(JobRunState.FAILED).completedOn(now).lastModifiedOn(now)
                        .errorMessage("The job run was interrupted: the Glue service stopped while it ran")
                        .executionTime((int) Duration.between(run.startedOn(), now).toSeconds()).build();
                if (runs.transition(failed)) {
                    events.publishEvent(new JobRunFinished(active.scope(), failed.jobName(), failed.id(),
                            JobRunState.FAILED.toString(), failed.triggerName()));
                }
            });
        }
    }

    private void finish(Scope s, Job job, JobRun run, JobRunState state, String error) {
        Instant now = clock.now();
        JobRun done = run.toBuilder().jobRunState(state).errorMessage(error).completedOn(now).lastModifiedOn(now)
                .executionTime((int) Duration.between(run.startedOn(), now).toSeconds()).build();
        runs.update(done);
        stopRequested.remove(run.id());
        int maxRetries = job.maxRetries() == null ? 0 : job.maxRetries();
        if (state == JobRunState.FAILED && run.attempt() < maxRetries) {
            start(s, job.name(), run.arguments(), run.timeout(), run.triggerName(), run.attempt() + 1, run.id());
            return;
        }
        events.publishEvent(new JobRunFinished(s, job.name(), run.id(), state.toString(), run.triggerName()));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
