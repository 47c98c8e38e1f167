package dev.overcast.flink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.flink.FlinkTestService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real Flink application end to end: a job jar built here, uploaded to the suite's S3 (a versioned bucket; the
 * application names the object version), run on Flink in a child JVM: it reads a Kinesis stream of the suite, counts
 * per key in keyed state, writes the counts to another stream. Snapshots are savepoints in S3: the counts continue
 * after a stop and a start from the latest snapshot, across an update with new code, and a rollback.
 */
class PipelineTest {

    private static final KinesisAnalyticsV2Client flink = FlinkTestService.client();
    private static final KinesisClient kinesis = FlinkTestService.kinesis();
    private static final S3Client s3 = FlinkTestService.s3();
    private static String app;

    @TempDir
    static Path work;

    private final String in = "in-" + UUID.randomUUID().toString().substring(0, 6);
    private final String out = "out-" + UUID.randomUUID().toString().substring(0, 6);
    private final List<String> seen = new ArrayList<>();
    private String outIterator;

    @BeforeAll
    static void start() {
        FlinkTestService.start();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            try {
                flink.stopApplication(b -> b.applicationName(app).force(true));
            } catch (RuntimeException e) {
                // already stopped
            }
            FlinkTestService.await("stopped", Duration.ofSeconds(60), () -> status(app).equals("READY"));
        }
    }

    @Test
    void countsContinueAcrossSnapshotsStopsUpdatesAndRollbacks() throws Exception {
        kinesis.createStream(b -> b.streamName(in).shardCount(1));
        kinesis.createStream(b -> b.streamName(out).shardCount(1));
        s3.createBucket(b -> b.bucket("code"));
        s3.putBucketVersioning(b -> b.bucket("code").versioningConfiguration(v -> v.status("Enabled")));
        String v1 = s3.putObject(b -> b.bucket("code").key("counting.jar"),
                RequestBody.fromFile(JobJars.build("CountingJob", "v1", work))).versionId();
        String v2 = s3.putObject(b -> b.bucket("code").key("counting.jar"),
                RequestBody.fromFile(JobJars.build("CountingJob", "v2", work))).versionId();

        app = "counting-" + UUID.randomUUID().toString().substring(0, 6);
        flink.createApplication(b -> b.applicationName(app).runtimeEnvironment("FLINK-1_19")
                .serviceExecutionRole("arn:aws:iam::000000000000:role/flink")
                .applicationConfiguration(c -> c
                        .applicationCodeConfiguration(code -> code.codeContentType(CodeContentType.ZIPFILE)
                                .codeContent(cc -> cc.s3ContentLocation(l -> l.bucketARN("arn:aws:s3:::code")
                                        .fileKey("counting.jar").objectVersion(v1))))
                        .flinkApplicationConfiguration(f -> f.checkpointConfiguration(cp -> cp
                                .configurationType(ConfigurationType.CUSTOM).checkpointingEnabled(true)
                                .checkpointInterval(5_000L).minPauseBetweenCheckpoints(1_000L)))
                        .environmentProperties(e -> e.propertyGroups(job("first")))
                        .applicationSnapshotConfiguration(s -> s.snapshotsEnabled(true))));

        long t0 = System.nanoTime();
        flink.startApplication(b -> b.applicationName(app).runConfiguration(r -> r.applicationRestoreConfiguration(
                rc -> rc.applicationRestoreType(ApplicationRestoreType.SKIP_RESTORE_FROM_SNAPSHOT))));
        awaitStatus("RUNNING");
        figure("StartApplication -> RUNNING (first start, code fetched from S3): " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        put("a", "a", "b", "a", "b");
        awaitOutput("first|v1|a=3", "first|v1|b=2");
        figure("RSS of the application's Flink JVM: " + rss() + " KiB");

        // the dashboard is the running cluster's real Flink web UI
        String url = flink.createApplicationPresignedUrl(b -> b.applicationName(app).urlType(UrlType.FLINK_DASHBOARD_URL))
                .authorizedUrl();
        HttpResponse<String> overview = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url.substring(0, url.indexOf("/#/")) + "/overview")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(overview.body()).contains("\"flink-version\":\"1.19.3\"");

        flink.createApplicationSnapshot(b -> b.applicationName(app).snapshotName("snap-1"));
        FlinkTestService.await("snapshot READY", Duration.ofSeconds(90), () -> flink.describeApplicationSnapshot(
                b -> b.applicationName(app).snapshotName("snap-1")).snapshotDetails().snapshotStatus() == SnapshotStatus.READY);

        // a graceful stop takes a snapshot of its own; records put while stopped are read after the restore
        flink.stopApplication(b -> b.applicationName(app));
        awaitStatus("READY");
        assertThat(flink.listApplicationSnapshots(b -> b.applicationName(app)).snapshotSummaries()).hasSize(2)
                .allMatch(s -> s.snapshotStatus() == SnapshotStatus.READY);
        put("a", "c");
        flink.startApplication(b -> b.applicationName(app).runConfiguration(r -> r.applicationRestoreConfiguration(
                rc -> rc.applicationRestoreType(ApplicationRestoreType.RESTORE_FROM_LATEST_SNAPSHOT))));
        awaitStatus("RUNNING");
        awaitOutput("first|v1|a=4", "first|v1|c=1");

        // new code (another version of the same object) and new properties: restarted from a snapshot, state kept
        long version = flink.describeApplication(b -> b.applicationName(app)).applicationDetail().applicationVersionId();
        flink.updateApplication(b -> b.applicationName(app).currentApplicationVersionId(version)
                .applicationConfigurationUpdate(u -> u
                        .applicationCodeConfigurationUpdate(cu -> cu.codeContentUpdate(cc -> cc.s3ContentLocationUpdate(
                                l -> l.objectVersionUpdate(v2))))
                        .environmentPropertyUpdates(e -> e.propertyGroups(job("second")))));
        awaitStatus("RUNNING");
        put("a");
        awaitOutput("second|v2|a=5");

        // back to the previous version: the first code and properties, the state carried on
        long updated = flink.describeApplication(b -> b.applicationName(app)).applicationDetail().applicationVersionId();
        ApplicationDetail rolled = flink.rollbackApplication(b -> b.applicationName(app).currentApplicationVersionId(updated))
                .applicationDetail();
        assertThat(rolled.applicationVersionRolledBackFrom()).isEqualTo(updated);
        assertThat(rolled.applicationVersionRolledBackTo()).isEqualTo(updated - 1);
        awaitStatus("RUNNING");
        put("a");
        awaitOutput("first|v1|a=6");

        // the service stops (a snapshot of the running job first) and starts again: the application runs again, from it
        FlinkTestService.restartFlink();
        awaitStatus("RUNNING");
        put("a");
        awaitOutput("first|v1|a=7");
    }

    private static long rss() {
        long pid = FlinkTestService.bean(dev.overcast.flink.application.Runs.class).pid(
                FlinkTestService.bean(dev.overcast.flink.application.ApplicationStore.class)
                        .find("000000000000", "us-east-1", app).orElseThrow().id());
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** A figure for the closing note, printed (tests never assert timings). */
    private static void figure(String line) {
        System.out.println("FIGURE " + line);
    }

    private PropertyGroup job(String label) {
        return PropertyGroup.builder().propertyGroupId("job").propertyMap(Map.of("input", in, "output", out, "label", label,
                "region", "us-east-1", "endpoint", FlinkTestService.kinesisEndpoint().toString())).build();
    }

    private void put(String... keys) {
        for (String k : keys) {
            kinesis.putRecord(b -> b.streamName(in).partitionKey(k).data(SdkBytes.fromString(k, StandardCharsets.UTF_8)));
        }
    }

    private void awaitOutput(String... expected) {
        FlinkTestService.await("output " + List.of(expected), Duration.ofSeconds(120), () -> {
            if (outIterator == null) {
                String shard = kinesis.listShards(b -> b.streamName(out)).shards().get(0).shardId();
                outIterator = kinesis.getShardIterator(b -> b.streamName(out).shardId(shard)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            }
            var r = kinesis.getRecords(b -> b.shardIterator(outIterator));
            outIterator = r.nextShardIterator();
            for (Record rec : r.records()) {
                seen.add(rec.data().asUtf8String());
            }
            return seen.containsAll(List.of(expected));
        });
    }

    private static String status(String name) {
        return flink.describeApplication(b -> b.applicationName(name)).applicationDetail().applicationStatusAsString();
    }

    private void awaitStatus(String expected) {
        FlinkTestService.await(app + " " + expected, Duration.ofSeconds(180), () -> status(app).equals(expected));
    }
}
