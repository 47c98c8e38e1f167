package dev.overcast.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.BadRequestException;
import software.amazon.awssdk.services.kafka.model.ConflictException;
import software.amazon.awssdk.services.kafka.model.CreateConfigurationResponse;
import software.amazon.awssdk.services.kafka.model.NotFoundException;

/** Configurations through the SDK: revisions kept, properties checked against what MSK allows. */
class ConfigurationTest {

    private final KafkaClient msk = KafkaTestService.client();

    private static SdkBytes props(String text) {
        return SdkBytes.fromString(text, StandardCharsets.UTF_8);
    }

    @Test
    void revisionsAreKeptAndDescribed() {
        String name = KafkaTestService.name("conf");
        CreateConfigurationResponse created = msk.createConfiguration(b -> b.name(name).description("first")
                .kafkaVersions("4.4.x").serverProperties(props("auto.create.topics.enable=false\nlog.retention.hours=24\n")));
        assertThat(created.arn()).startsWith("arn:aws:kafka:us-east-1:000000000000:configuration/" + name + "/");
        assertThat(created.latestRevision().revision()).isEqualTo(1L);
        assertThat(created.stateAsString()).isEqualTo("ACTIVE");

        var updated = msk.updateConfiguration(b -> b.arn(created.arn()).description("second")
                .serverProperties(props("log.retention.hours=48\n")));
        assertThat(updated.latestRevision().revision()).isEqualTo(2L);

        var described = msk.describeConfiguration(b -> b.arn(created.arn()));
        assertThat(described.name()).isEqualTo(name);
        assertThat(described.kafkaVersions()).containsExactly("4.4.x");
        assertThat(described.latestRevision().revision()).isEqualTo(2L);
        assertThat(described.latestRevision().description()).isEqualTo("second");

        var first = msk.describeConfigurationRevision(b -> b.arn(created.arn()).revision(1L));
        assertThat(first.serverProperties().asUtf8String()).contains("log.retention.hours=24");
        assertThat(msk.listConfigurationRevisions(b -> b.arn(created.arn())).revisions())
                .extracting(r -> r.revision()).containsExactly(1L, 2L);
        assertThat(msk.listConfigurations(b -> b.maxResults(100)).configurations()).anyMatch(c -> c.arn().equals(created.arn()));

        assertThatThrownBy(() -> msk.describeConfigurationRevision(b -> b.arn(created.arn()).revision(9L)))
                .isInstanceOf(NotFoundException.class);
        msk.deleteConfiguration(b -> b.arn(created.arn()));
        assertThatThrownBy(() -> msk.describeConfiguration(b -> b.arn(created.arn()))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void propertiesMskDoesNotAllowAreRefused() {
        String name = KafkaTestService.name("conf");
        assertThatThrownBy(() -> msk.createConfiguration(b -> b.name(name).serverProperties(props("broker.id=7\n"))))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.invalidParameter()).isEqualTo("serverProperties");
                    assertThat(e.getMessage()).contains("broker.id");
                });
        assertThatThrownBy(() -> msk.createConfiguration(b -> b.name(name).kafkaVersions("2.8.1")
                .serverProperties(props("num.partitions=3\n")))).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("2.8.1");
        assertThat(msk.listConfigurations(b -> b.maxResults(100)).configurations()).noneMatch(c -> c.name().equals(name));
    }

    @Test
    void aNameIsUsedOnce() {
        String name = KafkaTestService.name("conf");
        msk.createConfiguration(b -> b.name(name).serverProperties(props("num.partitions=3\n")));
        assertThatThrownBy(() -> msk.createConfiguration(b -> b.name(name).serverProperties(props("num.partitions=3\n"))))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.statusCode()).isEqualTo(409));
    }

    @Test
    void pagesOfConfigurations() {
        for (int i = 0; i < 3; i++) {
            String name = KafkaTestService.name("page");
            msk.createConfiguration(b -> b.name(name).serverProperties(props("num.partitions=2\n")));
        }
        var first = msk.listConfigurations(b -> b.maxResults(2));
        assertThat(first.configurations()).hasSize(2);
        assertThat(first.nextToken()).isNotNull();
        var second = msk.listConfigurations(b -> b.maxResults(2).nextToken(first.nextToken()));
        assertThat(second.configurations()).isNotEmpty().doesNotContainAnyElementsOf(first.configurations());
    }
}
