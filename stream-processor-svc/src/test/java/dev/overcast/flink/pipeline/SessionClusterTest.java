package dev.overcast.flink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.flink.FlinkTestService;
import dev.overcast.flink.engine.FlinkClusters;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Session-cluster mode ({@code OVERCAST_FLINK_SESSION_URL}): an existing Flink cluster (here the engine's own, started
 * by the test as a session cluster on this host) runs the applications' jobs, submitted through its REST API — jar
 * upload and run with the application's properties packed in, savepoints for snapshots, cancel — and nothing is
 * started per application.
 */
class SessionClusterTest {

    private static final KinesisAnalyticsV2Client flink = FlinkTestService.client();
    private static final S3Client s3 = FlinkTestService.s3();
    private static FlinkClusters sessions;
    private static FlinkClusters.Cluster session;
    private static String app;

    @TempDir
    static Path work;

    @BeforeAll
    static void startSessionCluster() {
        FlinkTestService.start();
        sessions = new FlinkClusters(work.resolve("session"), "512m", "");
        session = sessions.start(new FlinkClusters.ClusterSpec(work.resolve("session"), 4, false, 0, 0, Map.of(
                "aws.accessKeyId", "000000000000", "aws.secretAccessKey", "overcast", "aws.secretKey", "overcast",
                "aws.region", "us-east-1",
                "aws.disableEc2Metadata", "true", "com.amazonaws.sdk.disableEc2Metadata", "true"), null, Map.of()));
        FlinkTestService.restartFlink(Map.of("overcast.flink.session-url", session.rest().base().toString()));
    }

    @AfterAll
    static void stopSessionCluster() {
        try {
            TestApps.stopIfRunning(flink, app);
        } finally {
            FlinkTestService.restartFlink();
            sessions.close();
        }
    }

    @Test
    void runsSnapshotsAndRestoresOnTheSessionCluster() {
        StreamPair streams = new StreamPair();
        s3.createBucket(b -> b.bucket("session-code"));
        s3.putObject(b -> b.bucket("session-code").key("job.jar"), RequestBody.fromFile(JobJars.build("CountingJob", "v1")));
        app = "session-" + UUID.randomUUID().toString().substring(0, 6);
        TestApps.create(flink, app, "session-code", "job.jar", null, streams.job("on-session"), 2_000L);

        flink.startApplication(b -> b.applicationName(app));
        StreamPair.awaitStatus(flink, app, "RUNNING");
        streams.put("x", "x", "y");
        streams.awaitOutput("on-session|v1|x=2", "on-session|v1|y=1");
        // the job runs on the session cluster, and the dashboard is that cluster's
        assertThat(flink.createApplicationPresignedUrl(b -> b.applicationName(app).urlType(UrlType.FLINK_DASHBOARD_URL))
                .authorizedUrl()).startsWith(session.rest().base().toString());

        flink.stopApplication(b -> b.applicationName(app));
        StreamPair.awaitStatus(flink, app, "READY");
        assertThat(flink.listApplicationSnapshots(b -> b.applicationName(app)).snapshotSummaries()).hasSize(1);
        streams.put("x");
        flink.startApplication(b -> b.applicationName(app).runConfiguration(r -> r.applicationRestoreConfiguration(
                rc -> rc.applicationRestoreType(ApplicationRestoreType.RESTORE_FROM_LATEST_SNAPSHOT))));
        StreamPair.awaitStatus(flink, app, "RUNNING");
        streams.awaitOutput("on-session|v1|x=3");
    }
}
