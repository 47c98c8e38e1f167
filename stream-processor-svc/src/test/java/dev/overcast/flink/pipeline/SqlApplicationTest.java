package dev.overcast.flink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.flink.FlinkTestService;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A Flink SQL application (the second application type): a jar whose main runs Flink SQL through the Table API — the
 * Kinesis SQL connector's tables on two streams of the suite, a GROUP BY count per key — on the engine's table planner.
 * Its aggregate state is carried by snapshots like a DataStream job's; it does not checkpoint, so after a restart of
 * the service it resumes from the snapshot its ApplicationRestoreConfiguration names (the latest, which the service's
 * stop took).
 */
class SqlApplicationTest {

    private static final KinesisAnalyticsV2Client flink = FlinkTestService.client();
    private static final S3Client s3 = FlinkTestService.s3();
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
    void sqlGroupByCountsKinesisRecordsAndKeepsItsStateAcrossASnapshot() {
        StreamPair streams = new StreamPair();
        s3.createBucket(b -> b.bucket("sql-code"));
        s3.putObject(b -> b.bucket("sql-code").key("sql.jar"), RequestBody.fromFile(JobJars.build("SqlCountJob", "sql1")));
        app = "sql-" + UUID.randomUUID().toString().substring(0, 6);
        TestApps.create(flink, app, "sql-code", "sql.jar", null, streams.job("sql"), 0L);

        flink.startApplication(b -> b.applicationName(app));
        StreamPair.awaitStatus(flink, app, "RUNNING");
        streams.put("a", "b", "a", "c", "a");
        streams.awaitOutput("sql|sql1|a=3", "sql|sql1|b=1", "sql|sql1|c=1");

        // a graceful stop snapshots the aggregate's state; a start from the latest snapshot counts on
        flink.stopApplication(b -> b.applicationName(app));
        StreamPair.awaitStatus(flink, app, "READY");
        assertThat(flink.listApplicationSnapshots(b -> b.applicationName(app)).snapshotSummaries())
                .singleElement().satisfies(s -> assertThat(s.snapshotStatus()).isEqualTo(SnapshotStatus.READY));
        streams.put("b");
        flink.startApplication(b -> b.applicationName(app).runConfiguration(r -> r.applicationRestoreConfiguration(
                rc -> rc.applicationRestoreType(ApplicationRestoreType.RESTORE_FROM_LATEST_SNAPSHOT))));
        StreamPair.awaitStatus(flink, app, "RUNNING");
        streams.awaitOutput("sql|sql1|b=2");

        // no checkpoints: the service's stop snapshots the job (it restores from the latest snapshot), the next start
        // of the service restores it from there and the counts go on
        FlinkTestService.restartFlink();
        StreamPair.awaitStatus(flink, app, "RUNNING");
        assertThat(flink.listApplicationSnapshots(b -> b.applicationName(app)).snapshotSummaries()).hasSize(2)
                .anyMatch(s -> s.snapshotName().startsWith("shutdown-"));
        streams.put("c");
        streams.awaitOutput("sql|sql1|c=2");
        assertThat(streams.count("sql|sql1|b=2")).isEqualTo(1);
    }
}
