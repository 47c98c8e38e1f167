package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Action;
import software.amazon.awssdk.services.glue.model.TriggerType;
import software.amazon.awssdk.services.glue.model.WorkflowRun;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A Glue EVENT trigger started by real S3 puts, end to end through the sandbox's bus broker: S3 writes the
 * EventBridge-bound events in its outbox, the relay publishes them to {@code overcast.s3.events}, Glue's subscription
 * reads them, and the workflow mapped to the bucket by {@code OVERCAST_GLUE_EVENT_SOURCES} starts a run once its batch
 * of two is full.
 */
class GlueEventTriggerTest {

    @TempDir
    static Path dataDir;
    private static Sandbox sandbox;
    private static S3Client s3;
    private static GlueClient glue;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.forTests(dataDir,
                Map.of("overcast.glue.event-sources", "landing_flow=glue-landing/incoming/")).withBusBroker(0));
        s3 = Clients.s3(sandbox.endpoint());
        glue = GlueClient.builder().endpointOverride(URI.create(sandbox.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void twoPutsIntoABucketWithEventBridgeOnStartTheWorkflowRunWithTheirEventIds() throws Exception {
        s3.createBucket(b -> b.bucket("glue-landing"));
        s3.putBucketNotificationConfiguration(b -> b.bucket("glue-landing")
                .notificationConfiguration(n -> n.eventBridgeConfiguration(e -> e.build())));
        s3.putObject(b -> b.bucket("glue-landing").key("scripts/noop.py"), RequestBody.fromString("print('ok')\n"));
        glue.createJob(b -> b.name("landing_load").role("r")
                .command(c -> c.name("pythonshell").scriptLocation("s3://glue-landing/scripts/noop.py")));
        glue.createWorkflow(b -> b.name("landing_flow"));
        glue.createTrigger(b -> b.name("landing_start").workflowName("landing_flow").type(TriggerType.EVENT)
                .startOnCreation(true).eventBatchingCondition(c -> c.batchSize(2))
                .actions(Action.builder().jobName("landing_load").build()));

        s3.putObject(b -> b.bucket("glue-landing").key("incoming/a.csv"), RequestBody.fromString("a"));
        s3.putObject(b -> b.bucket("glue-landing").key("elsewhere/b.csv"), RequestBody.fromString("b"));
        s3.putObject(b -> b.bucket("glue-landing").key("incoming/c.csv"), RequestBody.fromString("c"));

        List<WorkflowRun> runs = List.of();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (runs.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(300);
            runs = glue.getWorkflowRuns(b -> b.name("landing_flow")).runs();
        }
        assertThat(runs).hasSize(1);
        String ids = runs.get(0).workflowRunProperties().get("aws:eventIds");
        assertThat(ids).startsWith("[").endsWith("]");
        assertThat(ids.substring(1, ids.length() - 1).split(",")).hasSize(2);
        assertThat(runs.get(0).startingEventBatchCondition().batchSize()).isEqualTo(2);
    }
}
