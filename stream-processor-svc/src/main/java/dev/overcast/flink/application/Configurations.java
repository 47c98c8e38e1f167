package dev.overcast.flink.application;

import dev.overcast.flink.FlinkErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;

/**
 * An application's configuration as AWS describes it: built from CreateApplication's ApplicationConfiguration,
 * changed by UpdateApplication's ApplicationConfigurationUpdate, with AWS's defaults where the configuration type is
 * DEFAULT (checkpointing every 60 s with 5 s between checkpoints; parallelism 1, 1 per KPU, auto scaling on;
 * monitoring at APPLICATION level, INFO logs).
 */
public final class Configurations {

    /** The runtimes Overcast runs: the Flink its engine packs (1.19) and the API-compatible ones it serves with it. */
    public static final Set<String> RUNNABLE = Set.of("FLINK-1_15", "FLINK-1_18", "FLINK-1_19", "FLINK-1_20");

    private Configurations() {
    }

    /** CreateApplication: a runtime the suite cannot run is refused clearly. */
    public static void checkRuntime(String runtime) {
        if (!RUNNABLE.contains(runtime)) {
            throw FlinkErrors.invalidArgument("Runtime environment " + runtime + " is not supported by Overcast: it runs "
                    + "Apache Flink applications on FLINK-1_15, FLINK-1_18, FLINK-1_19 and FLINK-1_20 (on Flink 1.19)");
        }
    }

    public static ApplicationConfigurationDescription describe(ApplicationConfiguration c) {
        ApplicationConfigurationDescription.Builder d = ApplicationConfigurationDescription.builder();
        FlinkApplicationConfiguration flink = c == null ? null : c.flinkApplicationConfiguration();
        d.flinkApplicationConfigurationDescription(FlinkApplicationConfigurationDescription.builder()
                .checkpointConfigurationDescription(checkpoint(flink == null ? null : flink.checkpointConfiguration()))
                .parallelismConfigurationDescription(parallelism(flink == null ? null : flink.parallelismConfiguration()))
                .monitoringConfigurationDescription(monitoring(flink == null ? null : flink.monitoringConfiguration()))
                .build());
        d.applicationSnapshotConfigurationDescription(ApplicationSnapshotConfigurationDescription.builder()
                .snapshotsEnabled(c != null && c.applicationSnapshotConfiguration() != null
                        && Boolean.TRUE.equals(c.applicationSnapshotConfiguration().snapshotsEnabled())).build());
        if (c != null && c.applicationCodeConfiguration() != null) {
            d.applicationCodeConfigurationDescription(code(c.applicationCodeConfiguration()));
        }
        if (c != null && c.environmentProperties() != null) {
            d.environmentPropertyDescriptions(EnvironmentPropertyDescriptions.builder()
                    .propertyGroupDescriptions(c.environmentProperties().propertyGroups()).build());
        }
        if (c != null && c.hasVpcConfigurations()) {
            d.vpcConfigurationDescriptions(c.vpcConfigurations().stream().map(Configurations::vpc).toList());
        }
        d.runConfigurationDescription(RunConfigurationDescription.builder()
                .applicationRestoreConfigurationDescription(ApplicationRestoreConfiguration.builder()
                        .applicationRestoreType(ApplicationRestoreType.SKIP_RESTORE_FROM_SNAPSHOT).build())
                .flinkRunConfigurationDescription(FlinkRunConfiguration.builder().allowNonRestoredState(false).build())
                .build());
        return d.build();
    }

    public static VpcConfigurationDescription vpc(VpcConfiguration v) {
        return VpcConfigurationDescription.builder().vpcConfigurationId("1." + (UUID.randomUUID().toString().hashCode() & 0xffff))
                .vpcId("vpc-" + Integer.toHexString(v.subnetIds().hashCode() & 0x7fffffff))
                .subnetIds(v.subnetIds()).securityGroupIds(v.securityGroupIds()).build();
    }

    private static ApplicationCodeConfigurationDescription code(ApplicationCodeConfiguration c) {
        CodeContent content = c.codeContent();
        if (content == null || content.s3ContentLocation() == null) {
            throw FlinkErrors.invalidArgument("Overcast runs application code from S3 only: give CodeContent.S3ContentLocation");
        }
        return ApplicationCodeConfigurationDescription.builder().codeContentType(c.codeContentTypeAsString())
                .codeContentDescription(CodeContentDescription.builder().s3ApplicationCodeLocationDescription(
                        s3(content.s3ContentLocation().bucketARN(), content.s3ContentLocation().fileKey(),
                                content.s3ContentLocation().objectVersion())).build()).build();
    }

    private static S3ApplicationCodeLocationDescription s3(String bucketArn, String key, String version) {
        if (!bucketArn.startsWith("arn:aws:s3:::")) {
            throw FlinkErrors.invalidArgument("Invalid bucket ARN " + bucketArn);
        }
        return S3ApplicationCodeLocationDescription.builder().bucketARN(bucketArn).fileKey(key).objectVersion(version).build();
    }

    private static CheckpointConfigurationDescription checkpoint(CheckpointConfiguration c) {
        boolean custom = c != null && c.configurationType() == ConfigurationType.CUSTOM;
        return CheckpointConfigurationDescription.builder().configurationType(custom ? ConfigurationType.CUSTOM : ConfigurationType.DEFAULT)
                .checkpointingEnabled(custom && c.checkpointingEnabled() != null ? c.checkpointingEnabled() : true)
                .checkpointInterval(custom && c.checkpointInterval() != null ? c.checkpointInterval() : 60_000L)
                .minPauseBetweenCheckpoints(custom && c.minPauseBetweenCheckpoints() != null ? c.minPauseBetweenCheckpoints() : 5_000L)
                .build();
    }

    private static ParallelismConfigurationDescription parallelism(ParallelismConfiguration c) {
        boolean custom = c != null && c.configurationType() == ConfigurationType.CUSTOM;
        int parallelism = custom && c.parallelism() != null ? c.parallelism() : 1;
        return ParallelismConfigurationDescription.builder().configurationType(custom ? ConfigurationType.CUSTOM : ConfigurationType.DEFAULT)
                .parallelism(parallelism).currentParallelism(parallelism)
                .parallelismPerKPU(custom && c.parallelismPerKPU() != null ? c.parallelismPerKPU() : 1)
                .autoScalingEnabled(custom && c.autoScalingEnabled() != null ? c.autoScalingEnabled() : !custom).build();
    }

    private static MonitoringConfigurationDescription monitoring(MonitoringConfiguration c) {
        boolean custom = c != null && c.configurationType() == ConfigurationType.CUSTOM;
        return MonitoringConfigurationDescription.builder().configurationType(custom ? ConfigurationType.CUSTOM : ConfigurationType.DEFAULT)
                .metricsLevel(custom && c.metricsLevelAsString() != null ? c.metricsLevelAsString() : "APPLICATION")
                .logLevel(custom && c.logLevelAsString() != null ? c.logLevelAsString() : "INFO").build();
    }

    /** UpdateApplication's configuration update applied to the current description. */
    public static ApplicationConfigurationDescription update(ApplicationConfigurationDescription d, ApplicationConfigurationUpdate u) {
        if (u == null) {
            return d;
        }
        ApplicationConfigurationDescription.Builder b = d.toBuilder();
        if (u.applicationCodeConfigurationUpdate() != null) {
            CodeContentUpdate cu = u.applicationCodeConfigurationUpdate().codeContentUpdate();
            ApplicationCodeConfigurationDescription code = d.applicationCodeConfigurationDescription();
            S3ApplicationCodeLocationDescription old = code == null ? null : code.codeContentDescription().s3ApplicationCodeLocationDescription();
            if (cu != null && cu.s3ContentLocationUpdate() != null) {
                S3ContentLocationUpdate s = cu.s3ContentLocationUpdate();
                String bucket = s.bucketARNUpdate() != null ? s.bucketARNUpdate() : old == null ? null : old.bucketARN();
                String key = s.fileKeyUpdate() != null ? s.fileKeyUpdate() : old == null ? null : old.fileKey();
                if (bucket == null || key == null) {
                    throw FlinkErrors.invalidArgument("S3ContentLocationUpdate needs BucketARNUpdate and FileKeyUpdate for an application without code");
                }
                String type = u.applicationCodeConfigurationUpdate().codeContentTypeUpdateAsString() != null
                        ? u.applicationCodeConfigurationUpdate().codeContentTypeUpdateAsString()
                        : code == null ? "ZIPFILE" : code.codeContentTypeAsString();
                b.applicationCodeConfigurationDescription(ApplicationCodeConfigurationDescription.builder().codeContentType(type)
                        .codeContentDescription(CodeContentDescription.builder()
                                .s3ApplicationCodeLocationDescription(s3(bucket, key, s.objectVersionUpdate())).build()).build());
            }
        }
        if (u.flinkApplicationConfigurationUpdate() != null) {
            b.flinkApplicationConfigurationDescription(flink(d.flinkApplicationConfigurationDescription(), u.flinkApplicationConfigurationUpdate()));
        }
        if (u.environmentPropertyUpdates() != null) {
            b.environmentPropertyDescriptions(EnvironmentPropertyDescriptions.builder()
                    .propertyGroupDescriptions(u.environmentPropertyUpdates().propertyGroups()).build());
        }
        if (u.applicationSnapshotConfigurationUpdate() != null) {
            b.applicationSnapshotConfigurationDescription(ApplicationSnapshotConfigurationDescription.builder()
                    .snapshotsEnabled(u.applicationSnapshotConfigurationUpdate().snapshotsEnabledUpdate()).build());
        }
        if (u.hasVpcConfigurationUpdates()) {
            List<VpcConfigurationDescription> vpcs = new ArrayList<>(d.vpcConfigurationDescriptions());
            for (VpcConfigurationUpdate v : u.vpcConfigurationUpdates()) {
                int at = indexOf(vpcs, v.vpcConfigurationId());
                VpcConfigurationDescription old = vpcs.get(at);
                vpcs.set(at, old.toBuilder().subnetIds(v.hasSubnetIdUpdates() ? v.subnetIdUpdates() : old.subnetIds())
                        .securityGroupIds(v.hasSecurityGroupIdUpdates() ? v.securityGroupIdUpdates() : old.securityGroupIds()).build());
            }
            b.vpcConfigurationDescriptions(vpcs);
        }
        return b.build();
    }

    public static int indexOf(List<VpcConfigurationDescription> vpcs, String id) {
        for (int i = 0; i < vpcs.size(); i++) {
            if (vpcs.get(i).vpcConfigurationId().equals(id)) {
                return i;
            }
        }
        throw FlinkErrors.invalidArgument("VPC configuration " + id + " does not exist");
    }

    private static FlinkApplicationConfigurationDescription flink(FlinkApplicationConfigurationDescription d, FlinkApplicationConfigurationUpdate u) {
        FlinkApplicationConfigurationDescription.Builder b = d.toBuilder();
        if (u.checkpointConfigurationUpdate() != null) {
            CheckpointConfigurationUpdate c = u.checkpointConfigurationUpdate();
            CheckpointConfigurationDescription old = d.checkpointConfigurationDescription();
            b.checkpointConfigurationDescription(c.configurationTypeUpdate() == ConfigurationType.DEFAULT ? checkpoint(null)
                    : checkpoint(CheckpointConfiguration.builder().configurationType(ConfigurationType.CUSTOM)
                    .checkpointingEnabled(c.checkpointingEnabledUpdate() != null ? c.checkpointingEnabledUpdate() : old.checkpointingEnabled())
                    .checkpointInterval(c.checkpointIntervalUpdate() != null ? c.checkpointIntervalUpdate() : old.checkpointInterval())
                    .minPauseBetweenCheckpoints(c.minPauseBetweenCheckpointsUpdate() != null ? c.minPauseBetweenCheckpointsUpdate()
                            : old.minPauseBetweenCheckpoints()).build()));
        }
        if (u.parallelismConfigurationUpdate() != null) {
            ParallelismConfigurationUpdate p = u.parallelismConfigurationUpdate();
            ParallelismConfigurationDescription old = d.parallelismConfigurationDescription();
            b.parallelismConfigurationDescription(p.configurationTypeUpdate() == ConfigurationType.DEFAULT ? parallelism(null)
                    : parallelism(ParallelismConfiguration.builder().configurationType(ConfigurationType.CUSTOM)
                    .parallelism(p.parallelismUpdate() != null ? p.parallelismUpdate() : old.parallelism())
                    .parallelismPerKPU(p.parallelismPerKPUUpdate() != null ? p.parallelismPerKPUUpdate() : old.parallelismPerKPU())
                    .autoScalingEnabled(p.autoScalingEnabledUpdate() != null ? p.autoScalingEnabledUpdate() : old.autoScalingEnabled()).build()));
        }
        if (u.monitoringConfigurationUpdate() != null) {
            MonitoringConfigurationUpdate m = u.monitoringConfigurationUpdate();
            MonitoringConfigurationDescription old = d.monitoringConfigurationDescription();
            b.monitoringConfigurationDescription(m.configurationTypeUpdate() == ConfigurationType.DEFAULT ? monitoring(null)
                    : monitoring(MonitoringConfiguration.builder().configurationType(ConfigurationType.CUSTOM)
                    .metricsLevel(m.metricsLevelUpdateAsString() != null ? m.metricsLevelUpdateAsString() : old.metricsLevelAsString())
                    .logLevel(m.logLevelUpdateAsString() != null ? m.logLevelUpdateAsString() : old.logLevelAsString()).build()));
        }
        return b.build();
    }
}
