package dev.overcast.flink.pipeline;

import dev.overcast.flink.FlinkTestService;
import java.time.Duration;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CodeContentType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ConfigurationType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.PropertyGroup;

/** The applications the pipeline tests create: code from the suite's S3, one property group, snapshots enabled. */
final class TestApps {

    private TestApps() {
    }

    /**
     * Creates the application on FLINK-1_19.
     *
     * @param version            the code object's version, or null for the latest
     * @param checkpointInterval checkpoint every so many ms, 0 for no checkpointing, or null for AWS's default
     */
    static void create(KinesisAnalyticsV2Client flink, String app, String bucket, String key, String version, PropertyGroup job,
                       Long checkpointInterval) {
        flink.createApplication(b -> b.applicationName(app).runtimeEnvironment("FLINK-1_19")
                .serviceExecutionRole("arn:aws:iam::000000000000:role/flink")
                .applicationConfiguration(c -> {
                    c.applicationCodeConfiguration(code -> code.codeContentType(CodeContentType.ZIPFILE)
                                    .codeContent(cc -> cc.s3ContentLocation(l -> l.bucketARN("arn:aws:s3:::" + bucket).fileKey(key)
                                            .objectVersion(version))))
                            .environmentProperties(e -> e.propertyGroups(job))
                            .applicationSnapshotConfiguration(s -> s.snapshotsEnabled(true));
                    if (checkpointInterval != null && checkpointInterval == 0) {
                        c.flinkApplicationConfiguration(f -> f.checkpointConfiguration(cp -> cp
                                .configurationType(ConfigurationType.CUSTOM).checkpointingEnabled(false)));
                    } else if (checkpointInterval != null) {
                        c.flinkApplicationConfiguration(f -> f.checkpointConfiguration(cp -> cp
                                .configurationType(ConfigurationType.CUSTOM).checkpointingEnabled(true)
                                .checkpointInterval(checkpointInterval).minPauseBetweenCheckpoints(checkpointInterval / 4)));
                    }
                }));
    }

    /** After a test: the application force-stopped unless READY already (nothing when it was never created). */
    static void stopIfRunning(KinesisAnalyticsV2Client flink, String app) {
        if (app != null && !StreamPair.status(flink, app).equals("READY")) {
            flink.stopApplication(b -> b.applicationName(app).force(true));
            FlinkTestService.await("stopped", Duration.ofSeconds(60), () -> StreamPair.status(flink, app).equals("READY"));
        }
    }
}
