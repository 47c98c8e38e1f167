package dev.overcast.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;

/** The control plane through the SDK (model 2.20.0 on the suite's SDK core): configuration, versions, options, tags, errors. */
class ApplicationTest {

    private final KinesisAnalyticsV2Client flink = FlinkTestService.client();

    static String name() {
        return "app-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static CreateApplicationRequest.Builder create(String name, String runtime) {
        return CreateApplicationRequest.builder().applicationName(name).runtimeEnvironment(runtime)
                .serviceExecutionRole("arn:aws:iam::000000000000:role/flink")
                .applicationConfiguration(c -> c
                        .applicationCodeConfiguration(code -> code.codeContentType(CodeContentType.ZIPFILE)
                                .codeContent(cc -> cc.s3ContentLocation(s3 -> s3.bucketARN("arn:aws:s3:::code").fileKey("app.jar"))))
                        .flinkApplicationConfiguration(f -> f
                                .checkpointConfiguration(cp -> cp.configurationType(ConfigurationType.CUSTOM)
                                        .checkpointingEnabled(true).checkpointInterval(10_000L).minPauseBetweenCheckpoints(1_000L))
                                .parallelismConfiguration(p -> p.configurationType(ConfigurationType.CUSTOM).parallelism(2)
                                        .parallelismPerKPU(1).autoScalingEnabled(false)))
                        .environmentProperties(e -> e.propertyGroups(PropertyGroup.builder().propertyGroupId("g")
                                .propertyMap(java.util.Map.of("k", "v")).build()))
                        .applicationSnapshotConfiguration(s -> s.snapshotsEnabled(true)));
    }

    @Test
    void createsDescribesAndListsWithAwsDefaultsAndNewerRuntimes() {
        String name = name();
        // FLINK-1_20 is newer than the 2.20.0 model: it travels as a string
        ApplicationDetail created = flink.createApplication(create(name, "FLINK-1_20").build()).applicationDetail();
        assertThat(created.applicationStatus()).isEqualTo(ApplicationStatus.READY);
        assertThat(created.applicationVersionId()).isEqualTo(1L);
        assertThat(created.runtimeEnvironmentAsString()).isEqualTo("FLINK-1_20");
        assertThat(created.applicationARN()).isEqualTo("arn:aws:kinesisanalytics:us-east-1:000000000000:application/" + name);

        ApplicationDetail d = flink.describeApplication(b -> b.applicationName(name)).applicationDetail();
        var fc = d.applicationConfigurationDescription().flinkApplicationConfigurationDescription();
        assertThat(fc.parallelismConfigurationDescription().parallelism()).isEqualTo(2);
        assertThat(fc.checkpointConfigurationDescription().checkpointInterval()).isEqualTo(10_000L);
        assertThat(fc.monitoringConfigurationDescription().logLevelAsString()).isEqualTo("INFO");
        assertThat(d.applicationConfigurationDescription().environmentPropertyDescriptions().propertyGroupDescriptions())
                .extracting(PropertyGroup::propertyGroupId).containsExactly("g");
        assertThat(d.applicationConfigurationDescription().applicationCodeConfigurationDescription().codeContentDescription()
                .s3ApplicationCodeLocationDescription().fileKey()).isEqualTo("app.jar");
        assertThat(d.serviceExecutionRole()).isEqualTo("arn:aws:iam::000000000000:role/flink");

        assertThat(flink.listApplications(b -> b.limit(50)).applicationSummaries())
                .anySatisfy(s -> {
                    assertThat(s.applicationName()).isEqualTo(name);
                    assertThat(s.runtimeEnvironmentAsString()).isEqualTo("FLINK-1_20");
                });
    }

    @Test
    void refusesDuplicatesUnknownRuntimesAndBadInput() {
        String name = name();
        flink.createApplication(create(name, "FLINK-1_19").build());
        assertThatThrownBy(() -> flink.createApplication(create(name, "FLINK-1_19").build()))
                .isInstanceOf(ResourceInUseException.class).hasMessageContaining("Application " + name + " already exists");
        assertThatThrownBy(() -> flink.createApplication(create(name(), "SQL-1_0").build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("SQL-1_0");
        assertThatThrownBy(() -> flink.createApplication(create(name(), "FLINK-9_9").build()))
                .isInstanceOf(KinesisAnalyticsV2Exception.class).hasMessageContaining("1 validation error detected")
                .hasMessageContaining("runtimeEnvironment");
        assertThatThrownBy(() -> flink.createApplication(create("bad name!", "FLINK-1_19").build()))
                .isInstanceOf(KinesisAnalyticsV2Exception.class).hasMessageContaining("failed to satisfy constraint");
        assertThatThrownBy(() -> flink.describeApplication(b -> b.applicationName("missing-app")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("missing-app");
        assertThatThrownBy(() -> flink.createApplicationSnapshot(b -> b.applicationName(name).snapshotName("s")))
                .isInstanceOf(ResourceInUseException.class).hasMessageContaining("READY");
        assertThatThrownBy(() -> flink.stopApplication(b -> b.applicationName(name)))
                .isInstanceOf(ResourceInUseException.class);
        assertThatThrownBy(() -> flink.createApplicationPresignedUrl(b -> b.applicationName(name)
                .urlType(UrlType.FLINK_DASHBOARD_URL))).isInstanceOf(ResourceInUseException.class);
    }

    @Test
    void updatesMakeVersionsCheckedByVersionIdAndDeleteChecksTheCreateTimestamp() {
        String name = name();
        ApplicationDetail created = flink.createApplication(create(name, "FLINK-1_19").build()).applicationDetail();
        assertThatThrownBy(() -> flink.updateApplication(b -> b.applicationName(name).currentApplicationVersionId(7L)
                .applicationConfigurationUpdate(u -> u.environmentPropertyUpdates(e -> e.propertyGroups(java.util.List.of())))))
                .isInstanceOf(ConcurrentModificationException.class);
        ApplicationDetail updated = flink.updateApplication(b -> b.applicationName(name).currentApplicationVersionId(1L)
                .applicationConfigurationUpdate(u -> u
                        .environmentPropertyUpdates(e -> e.propertyGroups(PropertyGroup.builder().propertyGroupId("g2")
                                .propertyMap(java.util.Map.of("a", "b")).build()))
                        .flinkApplicationConfigurationUpdate(f -> f.parallelismConfigurationUpdate(p -> p
                                .configurationTypeUpdate(ConfigurationType.CUSTOM).parallelismUpdate(4))))).applicationDetail();
        assertThat(updated.applicationVersionId()).isEqualTo(2L);
        assertThat(updated.applicationVersionUpdatedFrom()).isEqualTo(1L);
        assertThat(updated.applicationConfigurationDescription().flinkApplicationConfigurationDescription()
                .parallelismConfigurationDescription().parallelism()).isEqualTo(4);

        // logging options and VPC configurations: each change a new version
        var logging = flink.addApplicationCloudWatchLoggingOption(b -> b.applicationName(name).currentApplicationVersionId(2L)
                .cloudWatchLoggingOption(o -> o.logStreamARN("arn:aws:logs:us-east-1:000000000000:log-group:g:log-stream:s")));
        assertThat(logging.applicationVersionId()).isEqualTo(3L);
        var vpc = flink.addApplicationVpcConfiguration(b -> b.applicationName(name).currentApplicationVersionId(3L)
                .vpcConfiguration(v -> v.subnetIds("subnet-1").securityGroupIds("sg-1")));
        assertThat(vpc.applicationVersionId()).isEqualTo(4L);
        flink.deleteApplicationVpcConfiguration(b -> b.applicationName(name).currentApplicationVersionId(4L)
                .vpcConfigurationId(vpc.vpcConfigurationDescription().vpcConfigurationId()));
        flink.deleteApplicationCloudWatchLoggingOption(b -> b.applicationName(name).currentApplicationVersionId(5L)
                .cloudWatchLoggingOptionId(logging.cloudWatchLoggingOptionDescriptions().get(0).cloudWatchLoggingOptionId()));

        assertThat(flink.listApplicationVersions(b -> b.applicationName(name)).applicationVersionSummaries())
                .extracting(ApplicationVersionSummary::applicationVersionId).containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
        ApplicationDetail v1 = flink.describeApplicationVersion(b -> b.applicationName(name).applicationVersionId(1L))
                .applicationVersionDetail();
        assertThat(v1.applicationConfigurationDescription().environmentPropertyDescriptions().propertyGroupDescriptions())
                .extracting(PropertyGroup::propertyGroupId).containsExactly("g");

        // a rollback needs a running application
        assertThatThrownBy(() -> flink.rollbackApplication(b -> b.applicationName(name).currentApplicationVersionId(6L)))
                .isInstanceOf(ResourceInUseException.class);

        flink.tagResource(b -> b.resourceARN(created.applicationARN()).tags(Tag.builder().key("team").value("data").build()));
        assertThat(flink.listTagsForResource(b -> b.resourceARN(created.applicationARN())).tags())
                .extracting(Tag::key).containsExactly("team");
        flink.untagResource(b -> b.resourceARN(created.applicationARN()).tagKeys("team"));
        assertThat(flink.listTagsForResource(b -> b.resourceARN(created.applicationARN())).tags()).isEmpty();

        assertThatThrownBy(() -> flink.deleteApplication(b -> b.applicationName(name)
                .createTimestamp(created.createTimestamp().minusSeconds(60)))).isInstanceOf(InvalidArgumentException.class);
        flink.deleteApplication(b -> b.applicationName(name).createTimestamp(created.createTimestamp()));
        FlinkTestService.await("deleted", java.time.Duration.ofSeconds(30), () -> {
            try {
                flink.describeApplication(b -> b.applicationName(name));
                return false;
            } catch (ResourceNotFoundException e) {
                return true;
            }
        });
    }

    @Test
    void startWithoutCodeInS3EndsReady() {
        String name = name();
        flink.createApplication(create(name, "FLINK-1_19").build());
        flink.startApplication(b -> b.applicationName(name));
        assertThat(flink.describeApplication(b -> b.applicationName(name)).applicationDetail().applicationStatusAsString())
                .isIn("STARTING", "READY");
        FlinkTestService.await("READY again", java.time.Duration.ofSeconds(30), () -> "READY".equals(
                flink.describeApplication(b -> b.applicationName(name)).applicationDetail().applicationStatusAsString()));
    }
}
