package dev.overcast.flink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overcast.flink.FlinkTestService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Application operations and what happens when things fail, on a real Flink job: with system rollback enabled, an
 * update whose code fails goes back to the version before it (its state restored from the snapshot the update took),
 * and so does an update whose job runs and then fails for good; a job that fails for good otherwise leaves the
 * application READY. ListApplicationOperations and DescribeApplicationOperation (newer than the served Java SDK model)
 * are read through boto3.
 */
class OperationsTest {

    private static final KinesisAnalyticsV2Client flink = FlinkTestService.client();
    private static final S3Client s3 = FlinkTestService.s3();
    private static String app;

    @BeforeAll
    static void start() throws Exception {
        Boto3Call.assumeBoto3();
        FlinkTestService.start();
    }

    @AfterAll
    static void stop() {
        TestApps.stopIfRunning(flink, app);
    }

    @Test
    void aFailedUpdateRollsBackAndAFailedJobEndsReadyEachInItsOperation() {
        StreamPair streams = new StreamPair();
        s3.createBucket(b -> b.bucket("ops-code"));
        s3.putBucketVersioning(b -> b.bucket("ops-code").versioningConfiguration(v -> v.status("Enabled")));
        String good = s3.putObject(b -> b.bucket("ops-code").key("job.jar"),
                RequestBody.fromFile(JobJars.build("CountingJob", "v1"))).versionId();
        String broken = s3.putObject(b -> b.bucket("ops-code").key("job.jar"),
                RequestBody.fromFile(JobJars.build("CountingJob", "broken"))).versionId();
        app = "ops-" + UUID.randomUUID().toString().substring(0, 6);
        TestApps.create(flink, app, "ops-code", "job.jar", good, streams.job("ops"), 2_000L);

        // system rollback, newer than the Java SDK's model, enabled through boto3: recorded and described
        JsonNode enabled = Boto3Call.call("update_application", Map.of("ApplicationName", app, "CurrentApplicationVersionId", 1,
                "ApplicationConfigurationUpdate", Map.of("ApplicationSystemRollbackConfigurationUpdate",
                        Map.of("RollbackEnabledUpdate", true))));
        assertThat(enabled.path("OperationId").asText()).isNotEmpty();
        assertThat(Boto3Call.call("describe_application", Map.of("ApplicationName", app)).at(
                "/ApplicationDetail/ApplicationConfigurationDescription/ApplicationSystemRollbackConfigurationDescription/RollbackEnabled")
                .asBoolean()).isTrue();

        String start = Boto3Call.call("start_application", Map.of("ApplicationName", app)).path("OperationId").asText();
        StreamPair.awaitStatus(flink, app, "RUNNING");
        streams.put("a", "a");
        streams.awaitOutput("ops|v1|a=2");

        // new code that fails in main: the service rolls back to version 2 (a new version 4), from the update's snapshot
        flink.updateApplication(b -> b.applicationName(app).currentApplicationVersionId(2L).applicationConfigurationUpdate(u -> u
                .applicationCodeConfigurationUpdate(cu -> cu.codeContentUpdate(cc -> cc.s3ContentLocationUpdate(
                        l -> l.objectVersionUpdate(broken))))));
        ApplicationDetail rolled = awaitRunning(4L);
        assertThat(rolled.applicationVersionRolledBackFrom()).isEqualTo(3L);
        assertThat(rolled.applicationVersionRolledBackTo()).isEqualTo(2L);
        assertThat(rolled.applicationConfigurationDescription().applicationCodeConfigurationDescription().codeContentDescription()
                .s3ApplicationCodeLocationDescription().objectVersion()).isEqualTo(good);
        streams.put("a");
        streams.awaitOutput("ops|v1|a=3");

        JsonNode list = Boto3Call.call("list_application_operations", Map.of("ApplicationName", app));
        List<String> kinds = new ArrayList<>();
        list.path("ApplicationOperationInfoList").forEach(o -> kinds.add(o.path("Operation").asText() + " " + o.path("OperationStatus").asText()));
        assertThat(kinds).containsExactly("RollbackApplication SUCCESSFUL", "UpdateApplication FAILED",
                "StartApplication SUCCESSFUL", "UpdateApplication SUCCESSFUL");
        JsonNode failedUpdate = list.path("ApplicationOperationInfoList").get(1);
        JsonNode details = Boto3Call.call("describe_application_operation", Map.of("ApplicationName", app,
                "OperationId", failedUpdate.path("OperationId").asText())).path("ApplicationOperationInfoDetails");
        assertThat(details.at("/ApplicationVersionChangeDetails/ApplicationVersionUpdatedFrom").asLong()).isEqualTo(2L);
        assertThat(details.at("/ApplicationVersionChangeDetails/ApplicationVersionUpdatedTo").asLong()).isEqualTo(3L);
        assertThat(details.at("/OperationFailureDetails/ErrorInfo/ErrorString").asText()).contains("this version of the job is broken");
        assertThat(details.at("/OperationFailureDetails/RollbackOperationId").asText())
                .isEqualTo(list.path("ApplicationOperationInfoList").get(0).path("OperationId").asText());
        assertThat(Boto3Call.call("list_application_operations", Map.of("ApplicationName", app, "OperationStatus", "FAILED"))
                .path("ApplicationOperationInfoList")).hasSize(1);
        assertThat(Boto3Call.call("describe_application_operation", Map.of("ApplicationName", app, "OperationId", start))
                .at("/ApplicationOperationInfoDetails/OperationStatus").asText()).isEqualTo("SUCCESSFUL");
        assertThat(Boto3Call.call("describe_application_operation", Map.of("ApplicationName", app, "OperationId", "nope"))
                .at("/Error/Code").asText()).isEqualTo("ResourceNotFoundException");

        // an update that runs, then fails for good on a record (Flink's restarts give up): the service rolls back to
        // version 4 (a new version 6) from the update's snapshot, and that version reads the record again and counts it
        Map<String, String> failOn = new java.util.HashMap<>(streams.job("ops").propertyMap());
        failOn.put("failOn", "b");
        PropertyGroup failing = streams.job("ops").toBuilder().propertyMap(failOn).build();
        flink.updateApplication(b -> b.applicationName(app).currentApplicationVersionId(4L).applicationConfigurationUpdate(u -> u
                .environmentPropertyUpdates(e -> e.propertyGroups(failing))));
        awaitRunning(5L);
        streams.put("b");
        ApplicationDetail again = awaitRunning(6L);
        assertThat(again.applicationVersionRolledBackFrom()).isEqualTo(5L);
        assertThat(again.applicationVersionRolledBackTo()).isEqualTo(4L);
        assertThat(again.applicationConfigurationDescription().environmentPropertyDescriptions().propertyGroupDescriptions()
                .get(0).propertyMap()).doesNotContainKey("failOn");
        streams.awaitOutput("ops|v1|b=1");
        streams.put("a");
        streams.awaitOutput("ops|v1|a=4");
        assertThat(streams.count("ops|v1|a=3")).isEqualTo(1);
        JsonNode later = Boto3Call.call("list_application_operations", Map.of("ApplicationName", app));
        List<String> latest = new ArrayList<>();
        later.path("ApplicationOperationInfoList").forEach(o -> latest.add(o.path("Operation").asText() + " " + o.path("OperationStatus").asText()));
        assertThat(latest.subList(0, 3)).containsExactly("RollbackApplication SUCCESSFUL", "UpdateApplication FAILED",
                "RollbackApplication SUCCESSFUL");
        JsonNode failedRun = Boto3Call.call("describe_application_operation", Map.of("ApplicationName", app,
                "OperationId", later.path("ApplicationOperationInfoList").get(1).path("OperationId").asText()))
                .path("ApplicationOperationInfoDetails");
        assertThat(failedRun.at("/OperationFailureDetails/ErrorInfo/ErrorString").asText()).contains("poison record b");
        assertThat(failedRun.at("/OperationFailureDetails/RollbackOperationId").asText())
                .isEqualTo(later.path("ApplicationOperationInfoList").get(0).path("OperationId").asText());

        // a record the job fails on every time: Flink's restarts give up, the application is READY, the run's operation
        // (the rollback that started it: no rollback of a rollback) carries the failure
        streams.put("poison");
        StreamPair.awaitStatus(flink, app, "READY");
        JsonNode run = Boto3Call.call("describe_application_operation", Map.of("ApplicationName", app,
                "OperationId", later.path("ApplicationOperationInfoList").get(0).path("OperationId").asText()))
                .path("ApplicationOperationInfoDetails");
        assertThat(run.path("OperationStatus").asText()).isEqualTo("FAILED");
        assertThat(run.at("/OperationFailureDetails/ErrorInfo/ErrorString").asText()).contains("poison record");
    }

    /** Waits until the application runs at {@code version}: its description. */
    private static ApplicationDetail awaitRunning(long version) {
        FlinkTestService.await("version " + version + " RUNNING", Duration.ofSeconds(240), () -> {
            ApplicationDetail d = flink.describeApplication(b -> b.applicationName(app)).applicationDetail();
            return d.applicationVersionId() == version && d.applicationStatus() == ApplicationStatus.RUNNING;
        });
        return flink.describeApplication(b -> b.applicationName(app)).applicationDetail();
    }
}
