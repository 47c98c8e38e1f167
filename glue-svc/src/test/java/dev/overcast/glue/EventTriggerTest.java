package dev.overcast.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.bus.BusListener;
import dev.overcast.common.bus.Inbox;
import dev.overcast.common.testing.TestDatabase;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.workflow.EventTriggers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.*;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

/**
 * EVENT triggers fed by S3's EventBridge events: real PutObjects into buckets with EventBridge notifications on write
 * their CloudEvents into S3's outbox (this JVM's S3 has no reachable bus, so they wait there), and the test hands them
 * to Glue's bus listener through Glue's inbox, as the bus subscription does with what it reads.
 */
class EventTriggerTest {

    static final String SIZE_BUCKET = "glue-events-size";
    static final String WINDOW_BUCKET = "glue-events-window";
    static final String SOURCES = "events_by_size=" + SIZE_BUCKET + "/in/,events_by_window=" + WINDOW_BUCKET;
    private static final String TOPIC = "overcast.s3.events";

    static GlueClient glue;
    static S3Client s3;
    static JdbcClient s3Schema;
    static Inbox inbox;
    static EventTriggers listener;
    static String job;

    @BeforeAll
    static void start() {
        glue = GlueTestService.client();
        s3 = GlueTestService.s3();
        s3Schema = JdbcClient.create(new DriverManagerDataSource(TestDatabase.jdbcUrl("s3")));
        inbox = GlueTestService.bean(Inbox.class);
        listener = GlueTestService.bean(EventTriggers.class);
        for (String bucket : List.of(SIZE_BUCKET, WINDOW_BUCKET)) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putBucketNotificationConfiguration(b -> b.bucket(bucket)
                    .notificationConfiguration(n -> n.eventBridgeConfiguration(e -> e.build())));
        }
        s3.putObject(b -> b.bucket(SIZE_BUCKET).key("scripts/noop.py"), RequestBody.fromString("print('batch')\n"));
        job = GlueTestService.name("evjob");
        glue.createJob(b -> b.name(job).role("r").executionProperty(e -> e.maxConcurrentRuns(10))
                .command(c -> c.name("pythonshell").scriptLocation("s3://" + SIZE_BUCKET + "/scripts/noop.py")));
    }

    /** Puts an object; the CloudEvent S3 wrote for EventBridge, and the EventBridge event id it carries. */
    static Map.Entry<String, String> put(String bucket, String key) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x"));
        String cloudEvent = s3Schema.sql("""
                        select event from outbox where event_key = ? and event like '%"overcastdestination":"arn:aws:events:%'
                        order by seq desc limit 1""").params(bucket + "/" + key).query(String.class).single();
        String eventBridgeId = JsonMapper.builder().build().readTree(cloudEvent).path("data").path("id").asString();
        return Map.entry(cloudEvent, eventBridgeId);
    }

    static boolean deliver(Map.Entry<String, String> event) {
        return inbox.receive(listener, TOPIC, event.getKey());
    }

    static void workflow(String name, EventBatchingCondition condition) {
        glue.createWorkflow(b -> b.name(name));
        glue.createTrigger(b -> b.name(name + "_trigger").workflowName(name).type(TriggerType.EVENT)
                .eventBatchingCondition(condition).startOnCreation(true)
                .actions(Action.builder().jobName(job).build()));
    }

    static List<WorkflowRun> runs(String workflow) {
        return glue.getWorkflowRuns(b -> b.name(workflow)).runs();
    }

    @Test
    void aBatchOfThreeStartsOneRunAtTheThirdEventWithTheThreeIdsAndADuplicateCountsOnce() {
        workflow("events_by_size", EventBatchingCondition.builder().batchSize(3).build());
        var first = put(SIZE_BUCKET, "in/a.csv");
        var second = put(SIZE_BUCKET, "in/b.csv");
        put(SIZE_BUCKET, "elsewhere/c.csv"); // outside the rule's key prefix
        assertThat(deliver(first)).isTrue();
        assertThat(deliver(second)).isTrue();
        assertThat(deliver(second)).isFalse(); // a redelivery: absorbed
        assertThat(deliver(put(SIZE_BUCKET, "elsewhere/c.csv"))).isTrue(); // received, matched by no rule
        listener.fireDue();
        assertThat(runs("events_by_size")).isEmpty();

        var third = put(SIZE_BUCKET, "in/sub/d.csv");
        assertThat(deliver(third)).isTrue();
        List<WorkflowRun> runs = WorkflowTest.await(() -> runs("events_by_size"), r -> !r.isEmpty());
        assertThat(runs).hasSize(1);
        WorkflowRun run = runs.get(0);
        assertThat(run.workflowRunProperties()).containsEntry("aws:eventIds",
                "[" + first.getValue() + "," + second.getValue() + "," + third.getValue() + "]");
        assertThat(run.startingEventBatchCondition().batchSize()).isEqualTo(3);
        assertThat(run.startingEventBatchCondition().batchWindow()).isNull();
        // the trigger's action runs in the workflow run
        JobRun jobRun = WorkflowTest.await(() -> glue.getJobRuns(b -> b.jobName(job)).jobRuns().stream()
                .filter(r -> run.workflowRunId().equals(r.arguments().get("--WORKFLOW_RUN_ID"))).findFirst(),
                java.util.Optional::isPresent).get();
        assertThat(jobRun.triggerName()).isEqualTo("events_by_size_trigger");

        // the batch is spent: the next two events (one of them delivered twice) open a new one, not yet full
        var fourth = put(SIZE_BUCKET, "in/e.csv");
        assertThat(deliver(fourth)).isTrue();
        assertThat(deliver(fourth)).isFalse();
        assertThat(deliver(put(SIZE_BUCKET, "in/f.csv"))).isTrue();
        listener.fireDue();
        assertThat(runs("events_by_size")).hasSize(1);
    }

    @Test
    void aSmallerBatchStartsARunOnceItsWindowHasPassedOnTheSuiteClock() {
        workflow("events_by_window", EventBatchingCondition.builder().batchSize(5).batchWindow(60).build());
        var first = put(WINDOW_BUCKET, "x/1.json");
        var second = put(WINDOW_BUCKET, "y/2.json");
        assertThat(deliver(first)).isTrue();
        assertThat(deliver(second)).isTrue();
        assertThat(deliver(first)).isFalse();
        listener.fireDue();
        assertThat(runs("events_by_window")).isEmpty();

        GlueTestService.bean(SuiteClock.class).advance(Duration.ofSeconds(61));
        List<WorkflowRun> runs = WorkflowTest.await(() -> runs("events_by_window"), r -> !r.isEmpty());
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).workflowRunProperties()).containsEntry("aws:eventIds",
                "[" + first.getValue() + "," + second.getValue() + "]");
        assertThat(runs.get(0).startingEventBatchCondition().batchWindow()).isEqualTo(60);
        assertThat(runs.get(0).startingEventBatchCondition().batchSize()).isNull();
    }

    @Test
    void batchingConditionsAreCheckedAsTheModelBoundsThem() {
        String wf = GlueTestService.name("evwf");
        glue.createWorkflow(b -> b.name(wf));
        Action action = Action.builder().jobName(job).build();
        assertThatThrownBy(() -> glue.createTrigger(b -> b.name(GlueTestService.name("t")).workflowName(wf)
                .type(TriggerType.EVENT).actions(action).eventBatchingCondition(c -> c.batchSize(101))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Value '101' at "
                        + "'eventBatchingCondition.batchSize' failed to satisfy constraint: Member must have value less"
                        + " than or equal to 100");
        assertThatThrownBy(() -> glue.createTrigger(b -> b.name(GlueTestService.name("t")).workflowName(wf)
                .type(TriggerType.EVENT).actions(action).eventBatchingCondition(c -> c.batchSize(0))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'eventBatchingCondition.batchSize'");
        assertThatThrownBy(() -> glue.createTrigger(b -> b.name(GlueTestService.name("t")).workflowName(wf)
                .type(TriggerType.EVENT).actions(action).eventBatchingCondition(c -> c.batchSize(2).batchWindow(901))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'eventBatchingCondition.batchWindow'");
        assertThatThrownBy(() -> glue.createTrigger(b -> b.name(GlueTestService.name("t")).workflowName(wf)
                .type(TriggerType.SCHEDULED).schedule("cron(0 12 * * ? *)").actions(action)
                .eventBatchingCondition(c -> c.batchSize(2))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("only supported for EVENT triggers");
        String ok = GlueTestService.name("t");
        glue.createTrigger(b -> b.name(ok).workflowName(wf).type(TriggerType.EVENT).actions(action)
                .eventBatchingCondition(c -> c.batchSize(100).batchWindow(900)));
        assertThat(glue.getTrigger(b -> b.name(ok)).trigger().eventBatchingCondition().batchSize()).isEqualTo(100);
    }
}
