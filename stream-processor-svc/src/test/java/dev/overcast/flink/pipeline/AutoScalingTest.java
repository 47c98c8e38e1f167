package dev.overcast.flink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.flink.FlinkTestService;
import java.time.Duration;
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
 * Auto scaling on a real Flink job, with the service's thresholds and windows set short: a load always at or above the
 * scale-up threshold doubles CurrentParallelism (to ParallelismPerKPU times the KPU limit), a load always below the
 * scale-down threshold halves it (to Parallelism); each scaling is a new version, the job restarts with the new
 * parallelism from a snapshot and its counts carry on.
 */
class AutoScalingTest {

    private static final KinesisAnalyticsV2Client flink = FlinkTestService.client();
    private static final S3Client s3 = FlinkTestService.s3();
    private static String app;

    @BeforeAll
    static void start() {
        FlinkTestService.start();
        // every load is at or above 0: up after 3 s of samples; never below 0: never down; at most 2 KPUs
        FlinkTestService.restartFlink(settings(0.0, -1.0));
    }

    @AfterAll
    static void stop() {
        try {
            TestApps.stopIfRunning(flink, app);
        } finally {
            FlinkTestService.restartFlink();
        }
    }

    private static Map<String, Object> settings(double upLoad, double downLoad) {
        return Map.of("overcast.flink.autoscaling.sample-interval", "PT1S",
                "overcast.flink.autoscaling.scale-up-load", upLoad, "overcast.flink.autoscaling.scale-up-window", "PT3S",
                "overcast.flink.autoscaling.scale-down-load", downLoad, "overcast.flink.autoscaling.scale-down-window", "PT3S",
                "overcast.flink.autoscaling.max-kpus", 2);
    }

    @Test
    void parallelismGoesUpThenDownEachANewVersionAndTheCountsCarryOn() {
        StreamPair streams = new StreamPair();
        s3.createBucket(b -> b.bucket("scaling-code"));
        s3.putObject(b -> b.bucket("scaling-code").key("job.jar"), RequestBody.fromFile(JobJars.build("CountingJob", "v1")));
        app = "scaling-" + UUID.randomUUID().toString().substring(0, 6);
        TestApps.create(flink, app, "scaling-code", "job.jar", null, streams.job("auto"), 2_000L);
        flink.updateApplication(b -> b.applicationName(app).currentApplicationVersionId(1L).applicationConfigurationUpdate(u -> u
                .flinkApplicationConfigurationUpdate(f -> f.parallelismConfigurationUpdate(p -> p
                        .configurationTypeUpdate(ConfigurationType.CUSTOM).parallelismUpdate(1).parallelismPerKPUUpdate(1)
                        .autoScalingEnabledUpdate(true)))));

        flink.startApplication(b -> b.applicationName(app));
        StreamPair.awaitStatus(flink, app, "RUNNING");
        streams.put("k", "k");
        streams.awaitOutput("auto|v1|k=2");

        // scaled up: parallelism 1 -> 2 (the limit: 1 per KPU, 2 KPUs), version 3, updated from 2
        ApplicationDetail up = awaitParallelism(2);
        assertThat(up.applicationVersionId()).isEqualTo(3L);
        assertThat(up.applicationVersionUpdatedFrom()).isEqualTo(2L);
        assertThat(parallelism(up).parallelism()).isEqualTo(1);
        streams.put("k");
        streams.awaitOutput("auto|v1|k=3");

        // the load now always below the scale-down threshold, never above scale-up: back down to Parallelism
        FlinkTestService.restartFlink(settings(2.0, 2.0));
        ApplicationDetail down = awaitParallelism(1);
        assertThat(down.applicationVersionId()).isEqualTo(4L);
        assertThat(down.applicationVersionUpdatedFrom()).isEqualTo(3L);
        assertThat(flink.listApplicationVersions(b -> b.applicationName(app)).applicationVersionSummaries()).hasSize(4);
        streams.put("k");
        streams.awaitOutput("auto|v1|k=4");
    }

    /** Waits for the application to run at {@code expected} CurrentParallelism: its description. */
    private static ApplicationDetail awaitParallelism(int expected) {
        FlinkTestService.await("parallelism " + expected, Duration.ofSeconds(240), () -> {
            ApplicationDetail d = flink.describeApplication(b -> b.applicationName(app)).applicationDetail();
            return d.applicationStatus() == ApplicationStatus.RUNNING && parallelism(d).currentParallelism() == expected;
        });
        return flink.describeApplication(b -> b.applicationName(app)).applicationDetail();
    }

    private static ParallelismConfigurationDescription parallelism(ApplicationDetail d) {
        return d.applicationConfigurationDescription().flinkApplicationConfigurationDescription().parallelismConfigurationDescription();
    }
}
