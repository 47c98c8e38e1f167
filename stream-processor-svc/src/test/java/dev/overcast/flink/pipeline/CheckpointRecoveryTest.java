package dev.overcast.flink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.flink.FlinkTestService;
import dev.overcast.flink.application.ApplicationStore;
import dev.overcast.flink.application.Runs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.UrlType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checkpoints live in the suite's S3: the application's Flink cluster (a child JVM on a Java that Flink's S3 file
 * system runs on) writes them there itself, nothing of them on local disk. When that cluster is lost (its JVM killed),
 * the service starts a new one and the job resumes from the latest checkpoint in S3 (Flink reports it restored from
 * that s3:// path): the counts continue, none counted again from zero, and the application stays RUNNING. A stop
 * removes the checkpoints.
 */
class CheckpointRecoveryTest {

    private static final KinesisAnalyticsV2Client flink = FlinkTestService.client();
    private static final S3Client s3 = FlinkTestService.s3();
    private static final String BUCKET = "overcast-flink-snapshots-000000000000-us-east-1";
    private static String app;

    @BeforeAll
    static void start() {
        FlinkTestService.start();
    }

    @AfterAll
    static void stop() {
        TestApps.stopIfRunning(flink, app);
    }

    @Test
    void aLostClusterIsStartedAgainAndItsJobResumesFromTheLatestCheckpointInS3() throws Exception {
        StreamPair streams = new StreamPair();
        s3.createBucket(b -> b.bucket("recovery-code"));
        s3.putObject(b -> b.bucket("recovery-code").key("job.jar"), RequestBody.fromFile(JobJars.build("CountingJob", "v1")));
        app = "recovery-" + UUID.randomUUID().toString().substring(0, 6);
        TestApps.create(flink, app, "recovery-code", "job.jar", null, streams.job("rec"), 1_000L);
        flink.startApplication(b -> b.applicationName(app));
        StreamPair.awaitStatus(flink, app, "RUNNING");
        streams.put("a", "a", "b");
        streams.awaitOutput("rec|v1|a=2", "rec|v1|b=1");

        // a checkpoint begun after those records were counted: in S3, written by Flink's S3 file system
        long counted = latestCheckpoint();
        FlinkTestService.await("a newer checkpoint in S3", Duration.ofSeconds(60), () -> latestCheckpoint() >= counted + 2);
        assertThat(checkpointObjects()).anyMatch(k -> k.matches(".*/checkpoints/[0-9a-f]{32}/chk-\\d+/_metadata"));
        Path local = FlinkTestService.home().resolve("applications/000000000000/us-east-1").resolve(app);
        try (Stream<Path> files = Files.walk(local)) {
            assertThat(files.map(Path::toString)).noneMatch(f -> f.contains("chk-") || f.endsWith("_metadata"));
        }

        // the cluster is lost: a new one runs the job again, the application RUNNING all along
        long appId = FlinkTestService.bean(ApplicationStore.class).find("000000000000", "us-east-1", app).orElseThrow().id();
        Runs runs = FlinkTestService.bean(Runs.class);
        long lost = runs.pid(appId);
        assertThat(ProcessHandle.of(lost).orElseThrow().destroyForcibly()).isTrue();
        List<String> statuses = new ArrayList<>();
        FlinkTestService.await("a new Flink cluster", Duration.ofSeconds(120), () -> {
            statuses.add(StreamPair.status(flink, app));
            long pid = runs.pid(appId);
            return pid > 0 && pid != lost;
        });
        assertThat(statuses).containsOnly("RUNNING");

        // restored from the checkpoint in S3, as the new cluster's Flink reports it
        String dashboard = flink.createApplicationPresignedUrl(b -> b.applicationName(app).urlType(UrlType.FLINK_DASHBOARD_URL))
                .authorizedUrl();
        String base = dashboard.substring(0, dashboard.indexOf("/#/"));
        String job = dashboard.replaceAll(".*/job/running/([0-9a-f]+)/.*", "$1");
        JsonNode checkpoints = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/jobs/" + job + "/checkpoints")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(checkpoints.at("/latest/restored/external_path").asText())
                .matches("s3://" + BUCKET + "/applications/" + app + "/\\d+/checkpoints/[0-9a-f]{32}/chk-\\d+");

        // the counts continue from the checkpoint: nothing counted again from zero
        streams.put("a", "c");
        streams.awaitOutput("rec|v1|a=3", "rec|v1|c=1");
        assertThat(streams.count("rec|v1|a=1")).isEqualTo(1);
        assertThat(streams.count("rec|v1|a=2")).isEqualTo(1);

        // a stop ends the run: its checkpoints are removed from S3 (a later start restores from a snapshot)
        flink.stopApplication(b -> b.applicationName(app));
        StreamPair.awaitStatus(flink, app, "READY");
        assertThat(checkpointObjects()).isEmpty();
    }

    /** The application's objects under checkpoints/ of the snapshot bucket. */
    private static List<String> checkpointObjects() {
        return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("applications/" + app + "/")).contents().stream()
                .map(S3Object::key).filter(k -> k.contains("/checkpoints/")).toList();
    }

    /** The number of the newest checkpoint in S3, or -1. */
    private static long latestCheckpoint() {
        return checkpointObjects().stream().filter(k -> k.endsWith("/_metadata"))
                .map(k -> k.replaceAll(".*/chk-(\\d+)/_metadata", "$1")).mapToLong(Long::parseLong).max().orElse(-1);
    }
}
