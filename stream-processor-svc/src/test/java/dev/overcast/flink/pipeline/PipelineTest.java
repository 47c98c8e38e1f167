package dev.overcast.flink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.flink.FlinkTestService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real Flink application end to end: a job jar built here, uploaded to the suite's S3 (a versioned bucket; the
 * application names the object version), run on Flink in a child JVM: it reads a Kinesis stream of the suite, counts
 * per key in keyed state, writes the counts to another stream. Snapshots are savepoints in S3: the counts continue
 * after a stop, the loss of the application's local folder and a start from the latest snapshot, across an update with
 * new code, and a rollback; and, after a restart of the service, from the latest checkpoint in S3.
 */
class PipelineTest {

    private static final KinesisAnalyticsV2Client flink = FlinkTestService.client();
    private static final S3Client s3 = FlinkTestService.s3();
    private static String app;

    private StreamPair streams;


    @BeforeAll
    static void start() {
        FlinkTestService.start();
    }

    @AfterAll
    static void stop() {
        TestApps.stopIfRunning(flink, app);
    }

    @Test
    void countsContinueAcrossSnapshotsStopsUpdatesAndRollbacks() throws Exception {
        streams = new StreamPair();
        s3.createBucket(b -> b.bucket("code"));
        s3.putBucketVersioning(b -> b.bucket("code").versioningConfiguration(v -> v.status("Enabled")));
        String v1 = s3.putObject(b -> b.bucket("code").key("counting.jar"),
                RequestBody.fromFile(JobJars.build("CountingJob", "v1"))).versionId();
        String v2 = s3.putObject(b -> b.bucket("code").key("counting.jar"),
                RequestBody.fromFile(JobJars.build("CountingJob", "v2"))).versionId();

        app = "counting-" + UUID.randomUUID().toString().substring(0, 6);
        TestApps.create(flink, app, "code", "counting.jar", v1, job("first"), 4_000L);

        long t0 = System.nanoTime();
        flink.startApplication(b -> b.applicationName(app).runConfiguration(r -> r.applicationRestoreConfiguration(
                rc -> rc.applicationRestoreType(ApplicationRestoreType.SKIP_RESTORE_FROM_SNAPSHOT))));
        awaitStatus("RUNNING");
        figure("StartApplication -> RUNNING (first start, code fetched from S3): " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        put("a", "a", "b", "a", "b");
        awaitOutput("first|v1|a=3", "first|v1|b=2");
        figure("RSS of the application's Flink JVM: " + rss() + " KiB");

        // throughput: 10,000 records over 100 keys through Kinesis alone, then through Kinesis -> Flink -> Kinesis
        // (figures, never asserted)
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add("k" + i % 100);
        }
        PipelineFigures.kinesisAlone(many);
        PipelineFigures.Mark t1 = PipelineFigures.Mark.now(pid());
        streams.putBatches(many);
        streams.awaitOutput(java.util.stream.IntStream.range(0, 100).mapToObj(i -> "first|v1|k" + i + "=100").toArray(String[]::new));
        figure(t1.since("Kinesis -> Flink -> Kinesis (put, the job's read and write, the output read back)", many.size()));

        // the dashboard is the running cluster's real Flink web UI
        String url = flink.createApplicationPresignedUrl(b -> b.applicationName(app).urlType(UrlType.FLINK_DASHBOARD_URL))
                .authorizedUrl();
        HttpResponse<String> overview = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url.substring(0, url.indexOf("/#/")) + "/overview")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(overview.body()).contains("\"flink-version\":\"1.19.3\"");

        flink.createApplicationSnapshot(b -> b.applicationName(app).snapshotName("snap-1"));
        FlinkTestService.await("snapshot READY", Duration.ofSeconds(90), () -> flink.describeApplicationSnapshot(
                b -> b.applicationName(app).snapshotName("snap-1")).snapshotDetails().snapshotStatus() == SnapshotStatus.READY);

        // the snapshot's savepoint is in the suite's S3
        assertThat(stateObjects("snapshots/snap-1/")).anyMatch(k -> k.endsWith("/_metadata"));

        // a graceful stop takes a snapshot of its own; records put while stopped are read after the restore
        flink.stopApplication(b -> b.applicationName(app));
        awaitStatus("READY");
        assertThat(flink.listApplicationSnapshots(b -> b.applicationName(app)).snapshotSummaries()).hasSize(2)
                .allMatch(s -> s.snapshotStatus() == SnapshotStatus.READY);
        // the local folder of the application is lost: the state comes back from S3 alone
        Path local = FlinkTestService.home().resolve("applications/000000000000/us-east-1").resolve(app);
        assertThat(local).isDirectory();
        org.springframework.util.FileSystemUtils.deleteRecursively(local);
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

        // records counted after the latest snapshot (the rollback's)
        put("a", "d");
        awaitOutput("first|v1|a=7", "first|v1|d=1");
        int snapshotCount = flink.listApplicationSnapshots(b -> b.applicationName(app)).snapshotSummaries().size();

        // the service stops (the job's last checkpoint, no snapshot) and starts again: the application runs again,
        // resumed from its latest checkpoint in S3 (as AWS recovers), not from its latest snapshot
        FlinkTestService.restartFlink();
        awaitStatus("RUNNING");
        assertThat(restoredFrom()).matches("s3://overcast-flink-snapshots-000000000000-us-east-1/applications/" + app
                + "/\\d+/checkpoints/[0-9a-f]{32}/chk-\\d+");
        assertThat(flink.listApplicationSnapshots(b -> b.applicationName(app)).snapshotSummaries()).hasSize(snapshotCount);
        // the counts continue from the checkpoint: the records after the snapshot neither lost nor counted twice
        put("a", "d");
        awaitOutput("first|v1|a=8", "first|v1|d=2");
        assertThat(streams.count("first|v1|a=7")).isEqualTo(1);
        assertThat(streams.count("first|v1|d=1")).isEqualTo(1);
    }

    /** The checkpoint or savepoint the application's running job was restored from, as its Flink reports it. */
    private static String restoredFrom() throws Exception {
        String url = flink.createApplicationPresignedUrl(b -> b.applicationName(app).urlType(UrlType.FLINK_DASHBOARD_URL))
                .authorizedUrl();
        String job = url.replaceAll(".*/job/running/([0-9a-f]+)/.*", "$1");
        HttpResponse<String> checkpoints = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url.substring(0, url.indexOf("/#/")) + "/jobs/" + job + "/checkpoints")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(checkpoints.body()).at("/latest/restored/external_path").asText();
    }

    /** The keys of the application's objects under {@code folder} of the snapshot bucket. */
    private static List<String> stateObjects(String folder) {
        String bucket = "overcast-flink-snapshots-000000000000-us-east-1";
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("applications/" + app + "/")).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key).filter(k -> k.contains("/" + folder)).toList();
    }

    /** The pid of the application's Flink JVM. */
    private static long pid() {
        return FlinkTestService.bean(dev.overcast.flink.application.Runs.class).pid(
                FlinkTestService.bean(dev.overcast.flink.application.ApplicationStore.class)
                        .find("000000000000", "us-east-1", app).orElseThrow().id());
    }

    private static long rss() {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid() + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** A figure for the closing note, printed (tests never assert timings). */
    private static void figure(String line) {
        PipelineFigures.print(line);
    }

    private PropertyGroup job(String label) {
        return streams.job(label);
    }

    private void put(String... keys) {
        streams.put(keys);
    }

    private void awaitOutput(String... expected) {
        streams.awaitOutput(expected);
    }

    private static String status(String name) {
        return StreamPair.status(flink, name);
    }

    private void awaitStatus(String expected) {
        StreamPair.awaitStatus(flink, app, expected);
    }
}
