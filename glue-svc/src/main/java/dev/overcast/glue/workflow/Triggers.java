package dev.overcast.glue.workflow;

import dev.overcast.common.db.JobLock;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.crawler.CrawlHistory;
import dev.overcast.glue.crawler.CrawlerFinished;
import dev.overcast.glue.crawler.Crawlers;
import dev.overcast.glue.job.JobExecutor;
import dev.overcast.glue.job.JobRunFinished;
import dev.overcast.glue.job.JobRuns;
import dev.overcast.glue.schedule.CronExpression;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.glue.model.*;

/**
 * What makes triggers fire: SCHEDULED triggers and crawler schedules by Glue cron on the suite clock, CONDITIONAL
 * triggers when a job run or crawl ends (ANY or AND over their conditions), ON_DEMAND triggers by StartTrigger and
 * workflow runs. A fired trigger starts its actions' job runs (with their arguments) and crawls; inside a workflow run
 * they are recorded in the run's graph and carry {@code --WORKFLOW_NAME} and {@code --WORKFLOW_RUN_ID}.
 */
@Component
public class Triggers {

    public static final String KIND = "trigger";
    private static final Logger LOG = LoggerFactory.getLogger(Triggers.class);

    private final Resources resources;
    private final JobExecutor jobs;
    private final JobRuns jobRuns;
    private final Crawlers crawlers;
    private final CrawlHistory crawls;
    private final WorkflowRuns workflowRuns;
    private final TransactionTemplate tx;
    private final SuiteClock clock;
    private final JobLock lock;
    private Instant lastTick;

    public Triggers(Resources resources, JobExecutor jobs, JobRuns jobRuns, Crawlers crawlers, CrawlHistory crawls,
                    WorkflowRuns workflowRuns, TransactionTemplate tx, SuiteClock clock, DataSource dataSource) {
        this.resources = resources;
        this.jobs = jobs;
        this.jobRuns = jobRuns;
        this.crawlers = crawlers;
        this.crawls = crawls;
        this.workflowRuns = workflowRuns;
        this.tx = tx;
        this.clock = clock;
        this.lock = new JobLock(dataSource);
        this.lastTick = clock.now().truncatedTo(ChronoUnit.MINUTES);
        clock.onAdvance(this::tick);
    }

    /** Starts the trigger's actions; in a workflow run, records them in its graph. */
    void fire(Scope s, Trigger t, String workflowRunId) {
        LOG.info("trigger {} fires{}", t.name(), workflowRunId == null ? "" : " in workflow run " + workflowRunId);
        for (Action a : t.actions()) {
            try {
                startAction(s, a, t.name(), t.workflowName(), workflowRunId);
            } catch (RuntimeException e) {
                LOG.info("trigger {} could not start an action: {}", t.name(), e.getMessage());
            }
        }
    }

    /** Starts one action (a job run or a crawl) for a trigger; in a workflow run, records it in the run's graph. */
    void startAction(Scope s, Action a, String triggerName, String workflowName, String workflowRunId) {
        if (a.jobName() != null) {
            Map<String, String> args = new HashMap<>(a.hasArguments() ? a.arguments() : Map.of());
            if (workflowRunId != null) {
                args.put("--WORKFLOW_NAME", workflowName);
                args.put("--WORKFLOW_RUN_ID", workflowRunId);
            }
            JobRun run = jobs.start(s, a.jobName(), args, a.timeout(), triggerName, 0, null);
            if (workflowRunId != null) {
                record(workflowRunId, g -> WorkflowGraph.withJobRun(g, run));
            }
        } else if (a.crawlerName() != null) {
            String crawlId = java.util.UUID.randomUUID().toString();
            if (workflowRunId != null) {
                record(workflowRunId, g -> WorkflowGraph.withCrawl(g, a.crawlerName(), Crawl.builder()
                        .state(CrawlState.RUNNING).startedOn(clock.now()).logGroup("/aws-glue/crawlers")
                        .logStream(crawlId).build()));
            }
            try {
                crawlers.start(s, a.crawlerName(), crawlId);
            } catch (RuntimeException e) {
                if (workflowRunId != null) {
                    record(workflowRunId, g -> WorkflowGraph.withCrawl(g, a.crawlerName(), Crawl.builder()
                            .state(CrawlState.FAILED).completedOn(clock.now()).errorMessage(e.getMessage())
                            .logGroup("/aws-glue/crawlers").logStream(crawlId).build()));
                }
                throw e;
            }
        }
    }

    private void record(String workflowRunId, java.util.function.UnaryOperator<software.amazon.awssdk.services.glue.model.WorkflowGraph> change) {
        tx.executeWithoutResult(st -> workflowRuns.lock(workflowRunId).ifPresent(run -> {
            software.amazon.awssdk.services.glue.model.WorkflowGraph g = change.apply(run.graph());
            WorkflowRunStatistics stats = WorkflowGraph.statistics(g);
            workflowRuns.update(run.toBuilder().graph(g).statistics(stats).build());
        }));
    }

    /** A RUNNING workflow run with no action running any more (and none started by what just ended) is COMPLETED. */
    private void completeIfDone(String workflowRunId) {
        tx.executeWithoutResult(st -> workflowRuns.lock(workflowRunId).ifPresent(run -> {
            if (run.status() == WorkflowRunStatus.RUNNING && run.statistics().runningActions() == 0) {
                workflowRuns.update(run.toBuilder().status(WorkflowRunStatus.COMPLETED).completedOn(clock.now()).build());
            }
        }));
    }

    @EventListener
    public void jobRunFinished(JobRunFinished e) {
        JobRun run = jobRuns.find(e.scope(), e.job(), e.runId()).orElse(null);
        String workflowRunId = run == null || !run.hasArguments() ? null : run.arguments().get("--WORKFLOW_RUN_ID");
        if (workflowRunId != null) {
            record(workflowRunId, g -> WorkflowGraph.withJobRun(g, run));
        }
        conditional(e.scope(), workflowRunId, c -> e.job().equals(c.jobName()));
        if (workflowRunId != null) {
            completeIfDone(workflowRunId);
        }
    }

    @EventListener
    public void crawlerFinished(CrawlerFinished e) {
        Optional<String> workflowRunId = workflowRuns.runningWithCrawl(e.scope(), e.crawlId());
        workflowRunId.ifPresent(id -> record(id, g -> WorkflowGraph.withCrawl(g, e.crawler(), Crawl.builder()
                .state(e.state()).completedOn(clock.now()).logGroup("/aws-glue/crawlers").logStream(e.crawlId()).build())));
        conditional(e.scope(), workflowRunId.orElse(null), c -> e.crawler().equals(c.crawlerName()));
        workflowRunId.ifPresent(this::completeIfDone);
    }

    /** Fires the CONDITIONAL triggers watching what just ended whose predicate now holds. */
    private void conditional(Scope s, String workflowRunId, java.util.function.Predicate<Condition> concerns) {
        WorkflowRun wf = workflowRunId == null ? null : workflowRuns.lock(workflowRunId).orElse(null);
        if (wf != null && wf.status() != WorkflowRunStatus.RUNNING) {
            return;
        }
        for (Resources.Entry<Trigger> e : resources.list(s, KIND, "", null, 10_000, Trigger.class)) {
            Trigger t = e.doc();
            boolean inScope = wf == null ? t.workflowName() == null && t.state() == TriggerState.ACTIVATED
                    : wf.name().equals(t.workflowName());
            if (t.type() != TriggerType.CONDITIONAL || !inScope || t.predicate() == null || !t.predicate().hasConditions()
                    || t.predicate().conditions().stream().noneMatch(concerns)) {
                continue;
            }
            WorkflowRun current = wf == null ? null : workflowRuns.lock(workflowRunId).orElse(wf);
            boolean all = t.predicate().logical() == Logical.AND;
            List<Boolean> holds = t.predicate().conditions().stream().map(c -> holds(s, c, current)).toList();
            if (all ? holds.stream().allMatch(x -> x) : holds.stream().anyMatch(x -> x)) {
                fire(s, t, workflowRunId);
            }
        }
    }

    /** A condition on the latest run of its job or crawl of its crawler (inside the workflow run, when there is one). */
    private boolean holds(Scope s, Condition c, WorkflowRun wf) {
        if (c.jobName() != null) {
            Optional<JobRun> latest = wf == null ? jobRuns.list(s, c.jobName(), 1, 0).stream().findFirst()
                    : wf.graph().nodes().stream().filter(n -> n.type() == NodeType.JOB && n.name().equals(c.jobName())
                            && n.jobDetails() != null).flatMap(n -> n.jobDetails().jobRuns().stream()).findFirst();
            return latest.map(r -> r.jobRunStateAsString().equals(c.stateAsString())).orElse(false);
        }
        if (c.crawlerName() != null) {
            String state;
            if (wf == null) {
                state = crawls.list(s, c.crawlerName(), 1, 0).stream().findFirst().map(x -> switch (x.state()) {
                    case "COMPLETED" -> "SUCCEEDED";
                    case "STOPPED" -> "CANCELLED";
                    default -> x.state();
                }).orElse(null);
            } else {
                state = wf.graph().nodes().stream().filter(n -> n.type() == NodeType.CRAWLER
                        && n.name().equals(c.crawlerName()) && n.crawlerDetails() != null)
                        .flatMap(n -> n.crawlerDetails().crawls().stream()).findFirst().map(Crawl::stateAsString).orElse(null);
            }
            return c.crawlStateAsString().equals(state);
        }
        return false;
    }

    /** Every few seconds (and when the suite clock moves on): fires what is due by Glue cron since the last tick. */
    @Scheduled(fixedDelayString = "${overcast.glue.schedule-interval:5s}")
    public void tick() {
        lock.runExclusively("glue-schedules", () -> {
            Instant now = clock.now().truncatedTo(ChronoUnit.MINUTES);
            Instant from;
            synchronized (this) {
                from = lastTick;
                lastTick = now;
            }
            for (Instant minute = from.plus(1, ChronoUnit.MINUTES); !minute.isAfter(now); minute = minute.plus(1, ChronoUnit.MINUTES)) {
                fireDue(ZonedDateTime.ofInstant(minute, ZoneOffset.UTC));
            }
        });
    }

    private void fireDue(ZonedDateTime minute) {
        for (Resources.Scoped<Trigger> t : resources.all(KIND, Trigger.class)) {
            Trigger trigger = t.entry().doc();
            if (trigger.type() == TriggerType.SCHEDULED && trigger.state() == TriggerState.ACTIVATED
                    && trigger.schedule() != null && CronExpression.parse(trigger.schedule()).matches(minute)) {
                fire(t.scope(), trigger, null);
            }
        }
        for (Resources.Scoped<Crawler> c : resources.all(Crawlers.KIND, Crawler.class)) {
            Schedule schedule = c.entry().doc().schedule();
            if (schedule != null && schedule.state() == ScheduleState.SCHEDULED
                    && CronExpression.parse(schedule.scheduleExpression()).matches(minute)) {
                try {
                    crawlers.start(c.scope(), c.entry().name());
                } catch (RuntimeException e) {
                    LOG.info("scheduled crawl of {} not started: {}", c.entry().name(), e.getMessage());
                }
            }
        }
    }
}
