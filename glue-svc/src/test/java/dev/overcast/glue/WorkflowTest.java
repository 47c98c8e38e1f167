package dev.overcast.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.glue.schedule.CronExpression;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.*;
import software.amazon.awssdk.services.s3.S3Client;

/** Triggers and workflows chaining crawlers and jobs for real. */
class WorkflowTest {

    static GlueClient glue;
    static S3Client s3;
    static String bucket;

    @BeforeAll
    static void data() {
        glue = GlueTestService.client();
        s3 = GlueTestService.s3();
        bucket = GlueTestService.name("flow").replace('_', '-');
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("data/items/part.csv"), RequestBody.fromString("id,name\n1,a\n2,b\n"));
        s3.putObject(b -> b.bucket(bucket).key("scripts/mark.py"), RequestBody.fromString("""
                import sys
                import boto3
                from awsglue.utils import getResolvedOptions
                args = getResolvedOptions(sys.argv, ['JOB_NAME', 'bucket'])
                boto3.client('s3').put_object(Bucket=args['bucket'], Key='marks/' + args['JOB_NAME'], Body=b'ran')
                """));
        s3.putObject(b -> b.bucket(bucket).key("scripts/flaky.py"), RequestBody.fromString("""
                import sys
                import boto3
                from awsglue.utils import getResolvedOptions
                args = getResolvedOptions(sys.argv, ['JOB_NAME', 'bucket'])
                boto3.client('s3').head_object(Bucket=args['bucket'], Key='ok/' + args['JOB_NAME'])
                """));
    }

    static String crawler() {
        String name = GlueTestService.name("crawler");
        glue.createCrawler(b -> b.name(name).role("r").databaseName(GlueTestService.name("flowdb"))
                .targets(t -> t.s3Targets(S3Target.builder().path("s3://" + bucket + "/data/").build())));
        return name;
    }

    static String job() {
        return job("mark.py");
    }

    static String job(String script) {
        String name = GlueTestService.name("job");
        glue.createJob(b -> b.name(name).role("r").defaultArguments(java.util.Map.of("--bucket", bucket))
                .command(c -> c.name("pythonshell").scriptLocation("s3://" + bucket + "/scripts/" + script)));
        return name;
    }

    static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.currentTimeMillis() + 150_000;
        T value = probe.get();
        while (!done.test(value)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("gave up waiting; last seen " + value);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            value = probe.get();
        }
        return value;
    }

    @Test
    void conditionalTriggerStartsAJobAfterACrawler() {
        String crawler = crawler();
        String job = job();
        String trigger = GlueTestService.name("after_crawl");
        glue.createTrigger(b -> b.name(trigger).type(TriggerType.CONDITIONAL).startOnCreation(true)
                .predicate(p -> p.conditions(Condition.builder().crawlerName(crawler).crawlState(CrawlState.SUCCEEDED)
                        .logicalOperator(LogicalOperator.EQUALS).build()))
                .actions(Action.builder().jobName(job).build()));
        assertThat(glue.getTrigger(b -> b.name(trigger)).trigger().state()).isEqualTo(TriggerState.ACTIVATED);
        glue.startCrawler(b -> b.name(crawler));
        List<JobRun> runs = await(() -> glue.getJobRuns(b -> b.jobName(job)).jobRuns(),
                r -> !r.isEmpty() && r.get(0).jobRunState() == JobRunState.SUCCEEDED);
        assertThat(runs.get(0).triggerName()).isEqualTo(trigger);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("marks/" + job)).asUtf8String()).isEqualTo("ran");
    }

    @Test
    void resumeRunsTheFailedNodeAgainAndWhatFollowsIt() {
        String flaky = job("flaky.py");
        String after = job();
        String workflow = GlueTestService.name("wf");
        glue.createWorkflow(b -> b.name(workflow));
        glue.createTrigger(b -> b.name(workflow + "_start").workflowName(workflow).type(TriggerType.ON_DEMAND)
                .actions(Action.builder().jobName(flaky).build()));
        glue.createTrigger(b -> b.name(workflow + "_then").workflowName(workflow).type(TriggerType.CONDITIONAL)
                .predicate(p -> p.conditions(Condition.builder().jobName(flaky).state(JobRunState.SUCCEEDED)
                        .logicalOperator(LogicalOperator.EQUALS).build()))
                .actions(Action.builder().jobName(after).build()));
        String first = glue.startWorkflowRun(b -> b.name(workflow)).runId();
        WorkflowRun failed = await(() -> glue.getWorkflowRun(b -> b.name(workflow).runId(first).includeGraph(true)).run(),
                r -> r.status() == WorkflowRunStatus.COMPLETED);
        assertThat(failed.statistics().failedActions()).isEqualTo(1);
        assertThat(failed.statistics().totalActions()).isEqualTo(1);
        assertThatThrownBy(() -> glue.resumeWorkflowRun(b -> b.name(workflow).runId(first).nodeIds("JOB_" + after)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no run attempt");
        assertThatThrownBy(() -> glue.resumeWorkflowRun(b -> b.name(workflow).runId(first).nodeIds("JOB_nothing")))
                .isInstanceOf(InvalidInputException.class);

        s3.putObject(b -> b.bucket(bucket).key("ok/" + flaky), RequestBody.fromString("ok"));
        ResumeWorkflowRunResponse resumed = glue.resumeWorkflowRun(b -> b.name(workflow).runId(first).nodeIds("JOB_" + flaky));
        assertThat(resumed.runId()).isNotEqualTo(first);
        assertThat(resumed.nodeIds()).containsExactly("JOB_" + flaky);
        WorkflowRun run = await(() -> glue.getWorkflowRun(b -> b.name(workflow).runId(resumed.runId()).includeGraph(true)).run(),
                r -> r.status() == WorkflowRunStatus.COMPLETED);
        assertThat(run.previousRunId()).isEqualTo(first);
        Node afterNode = run.graph().nodes().stream().filter(n -> n.name().equals(after)).findFirst().orElseThrow();
        assertThat(afterNode.jobDetails().jobRuns().get(0).jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
        Node flakyNode = run.graph().nodes().stream().filter(n -> n.name().equals(flaky)).findFirst().orElseThrow();
        assertThat(flakyNode.jobDetails().jobRuns().get(0).jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("marks/" + after)).asUtf8String()).isEqualTo("ran");
    }

    @Test
    void workflowRunsCrawlerThenJobWithItsGraph() {
        String crawler = crawler();
        String job = job();
        String workflow = GlueTestService.name("wf");
        glue.createWorkflow(b -> b.name(workflow).defaultRunProperties(java.util.Map.of("stage", "test")));
        glue.createTrigger(b -> b.name(workflow + "_start").workflowName(workflow).type(TriggerType.ON_DEMAND)
                .actions(Action.builder().crawlerName(crawler).build()));
        glue.createTrigger(b -> b.name(workflow + "_then").workflowName(workflow).type(TriggerType.CONDITIONAL)
                .predicate(p -> p.conditions(Condition.builder().crawlerName(crawler).crawlState(CrawlState.SUCCEEDED)
                        .logicalOperator(LogicalOperator.EQUALS).build()))
                .actions(Action.builder().jobName(job).build()));
        String runId = glue.startWorkflowRun(b -> b.name(workflow)).runId();
        WorkflowRun run = await(() -> glue.getWorkflowRun(b -> b.name(workflow).runId(runId).includeGraph(true)).run(),
                r -> r.status() == WorkflowRunStatus.COMPLETED);
        assertThat(run.statistics().succeededActions()).isEqualTo(2);
        assertThat(run.workflowRunProperties()).containsEntry("stage", "test");
        assertThat(run.graph().nodes()).extracting(Node::name)
                .containsExactlyInAnyOrder(workflow + "_start", workflow + "_then", crawler, job);
        Node jobNode = run.graph().nodes().stream().filter(n -> n.type() == NodeType.JOB).findFirst().orElseThrow();
        assertThat(jobNode.jobDetails().jobRuns().get(0).jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
        assertThat(jobNode.jobDetails().jobRuns().get(0).arguments()).containsEntry("--WORKFLOW_RUN_ID", runId);
        Node crawlerNode = run.graph().nodes().stream().filter(n -> n.type() == NodeType.CRAWLER).findFirst().orElseThrow();
        assertThat(crawlerNode.crawlerDetails().crawls().get(0).state()).isEqualTo(CrawlState.SUCCEEDED);
        assertThat(run.graph().edges()).hasSize(3);
        assertThat(glue.getWorkflow(b -> b.name(workflow).includeGraph(true)).workflow().lastRun().workflowRunId())
                .isEqualTo(runId);
    }

    @Test
    void glueCronIsParsedAsGlueParsesIt() {
        CronExpression daily = CronExpression.parse("cron(15 12 * * ? *)");
        assertThat(daily.matches(ZonedDateTime.parse("2024-03-05T12:15:00Z"))).isTrue();
        assertThat(daily.matches(ZonedDateTime.parse("2024-03-05T12:16:00Z"))).isFalse();
        CronExpression weekdays = CronExpression.parse("cron(0/30 8-17 ? * MON-FRI *)");
        assertThat(weekdays.matches(ZonedDateTime.parse("2024-03-04T08:30:00Z"))).isTrue(); // a Monday
        assertThat(weekdays.matches(ZonedDateTime.parse("2024-03-03T08:30:00Z"))).isFalse(); // a Sunday
        assertThat(CronExpression.parse("cron(0 0 L * ? *)").matches(ZonedDateTime.parse("2024-02-29T00:00:00Z"))).isTrue();
    }
}
