package dev.overcast.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.*;

/** Enhanced monitoring, stream encryption and resource policies, with the SDK in CBOR and in JSON 1.1. */
class StreamSettingsTest {

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void enhancedMonitoringIsRecordedAndReported(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            EnableEnhancedMonitoringResponse on = kinesis.enableEnhancedMonitoring(b -> b.streamName(stream)
                    .shardLevelMetrics(MetricsName.OUTGOING_BYTES, MetricsName.INCOMING_BYTES));
            assertThat(on.streamName()).isEqualTo(stream);
            assertThat(on.currentShardLevelMetrics()).isEmpty();
            assertThat(on.desiredShardLevelMetrics()).containsExactly(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_BYTES);
            assertThat(kinesis.describeStream(b -> b.streamName(stream)).streamDescription().enhancedMonitoring())
                    .singleElement().satisfies(m -> assertThat(m.shardLevelMetrics())
                            .containsExactly(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_BYTES));

            EnableEnhancedMonitoringResponse all = kinesis.enableEnhancedMonitoring(b -> b.streamName(stream)
                    .shardLevelMetrics(MetricsName.ALL));
            assertThat(all.currentShardLevelMetrics()).containsExactly(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_BYTES);
            assertThat(all.desiredShardLevelMetrics()).hasSize(7).doesNotContain(MetricsName.ALL);

            DisableEnhancedMonitoringResponse off = kinesis.disableEnhancedMonitoring(b -> b.streamName(stream)
                    .shardLevelMetrics(MetricsName.INCOMING_BYTES, MetricsName.ITERATOR_AGE_MILLISECONDS));
            assertThat(off.currentShardLevelMetrics()).hasSize(7);
            assertThat(off.desiredShardLevelMetrics()).hasSize(5)
                    .doesNotContain(MetricsName.INCOMING_BYTES, MetricsName.ITERATOR_AGE_MILLISECONDS);
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().enhancedMonitoring())
                    .singleElement().satisfies(m -> assertThat(m.shardLevelMetrics()).hasSize(5));
            kinesis.disableEnhancedMonitoring(b -> b.streamName(stream).shardLevelMetrics(MetricsName.ALL));
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().enhancedMonitoring())
                    .singleElement().satisfies(m -> assertThat(m.shardLevelMetrics()).isEmpty());

            assertThatThrownBy(() -> kinesis.enableEnhancedMonitoring(b -> b.streamName(stream).shardLevelMetricsWithStrings("Foo")))
                    .hasMessageStartingWith("1 validation error detected: Value '[Foo]' at 'shardLevelMetrics' failed to satisfy "
                            + "constraint: Member must satisfy constraint: [Member must satisfy enum value set: [IncomingBytes, "
                            + "IncomingRecords, OutgoingBytes, OutgoingRecords, WriteProvisionedThroughputExceeded, "
                            + "ReadProvisionedThroughputExceeded, IteratorAgeMilliseconds, ALL]]");
            assertThatThrownBy(() -> kinesis.enableEnhancedMonitoring(b -> b.streamName(stream)))
                    .hasMessageStartingWith("1 validation error detected: Value null at 'shardLevelMetrics' failed to satisfy "
                            + "constraint: Member must not be null");
            assertThatThrownBy(() -> kinesis.enableEnhancedMonitoring(b -> b.streamName(stream + "-x").shardLevelMetrics(MetricsName.ALL)))
                    .isInstanceOf(ResourceNotFoundException.class);
            kinesis.deleteStream(b -> b.streamName(stream));
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void streamEncryptionIsRecordedAndReported(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            kinesis.startStreamEncryption(b -> b.streamName(stream).encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis"));
            assertThat(KinesisTestService.jdbc().queryForObject("select pending_status from kinesis.stream where name = ?",
                    String.class, stream)).isEqualTo("UPDATING");
            StreamDescription d = kinesis.describeStream(b -> b.streamName(stream)).streamDescription();
            assertThat(d.encryptionType()).isEqualTo(EncryptionType.KMS);
            assertThat(d.keyId()).isEqualTo("alias/aws/kinesis");
            assertThat(d.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
            assertThat(kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("x")))
                    .encryptionType()).isEqualTo(EncryptionType.KMS);

            assertThatThrownBy(() -> kinesis.startStreamEncryption(b -> b.streamName(stream).encryptionType(EncryptionType.NONE)
                    .keyId("k")))
                    .isInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> kinesis.startStreamEncryption(b -> b.streamName(stream).encryptionType(EncryptionType.KMS)))
                    .hasMessageStartingWith("1 validation error detected: Value null at 'keyId' failed to satisfy constraint: "
                            + "Member must not be null");
            KinesisTestService.jdbc().update("update kinesis.stream set ready_at = now() + interval '1 hour' where name = ?", stream);
            assertThatThrownBy(() -> kinesis.stopStreamEncryption(b -> b.streamName(stream).encryptionType(EncryptionType.KMS)
                    .keyId("alias/aws/kinesis")))
                    .isInstanceOf(ResourceInUseException.class)
                    .hasMessageStartingWith("Stream " + stream + " under account 000000000000 not ACTIVE, instead in state UPDATING");
            KinesisTestService.jdbc().update("update kinesis.stream set ready_at = now() where name = ?", stream);

            kinesis.stopStreamEncryption(b -> b.streamName(stream).encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis"));
            StreamDescriptionSummary s = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary();
            assertThat(s.encryptionType()).isEqualTo(EncryptionType.NONE);
            assertThat(s.keyId()).isNull();
            kinesis.deleteStream(b -> b.streamName(stream));
        }
    }

    /** A stream takes a new KMS key at most 25 times in a rolling 24 hours; stopping encryption is not counted. */
    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void encryptionKeyChangesAreLimitedPerDay(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            for (int i = 0; i < 25; i++) {
                String key = "alias/key-" + i;
                kinesis.startStreamEncryption(b -> b.streamName(stream).encryptionType(EncryptionType.KMS).keyId(key));
                kinesis.stopStreamEncryption(b -> b.streamName(stream).encryptionType(EncryptionType.KMS).keyId(key));
            }
            assertThatThrownBy(() -> kinesis.startStreamEncryption(b -> b.streamName(stream).encryptionType(EncryptionType.KMS)
                    .keyId("alias/one-too-many")))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining("25 KMS key changes in a rolling 24-hour period for stream " + stream);
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().encryptionType())
                    .isEqualTo(EncryptionType.NONE);
            kinesis.deleteStream(b -> b.streamName(stream));
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void resourcePoliciesOfStreamsAndConsumers(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            String arn = kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
            String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                    + "\"arn:aws:iam::111122223333:root\"},\"Action\":\"kinesis:GetRecords\",\"Resource\":\"" + arn + "\"}]}";
            assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(arn)).policy()).isEqualTo("{}");
            kinesis.putResourcePolicy(b -> b.resourceARN(arn).policy(policy));
            assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(arn)).policy()).isEqualTo(policy);

            String consumer = kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("c")).consumer().consumerARN();
            assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(consumer)).policy()).isEqualTo("{}");
            kinesis.putResourcePolicy(b -> b.resourceARN(consumer).policy("{\"Statement\":[]}"));
            assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(consumer)).policy()).isEqualTo("{\"Statement\":[]}");
            assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(arn)).policy()).isEqualTo(policy);

            kinesis.deleteResourcePolicy(b -> b.resourceARN(arn));
            assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(arn)).policy()).isEqualTo("{}");
            assertThat(kinesis.getResourcePolicy(b -> b.resourceARN(consumer)).policy()).isEqualTo("{\"Statement\":[]}");

            assertThatThrownBy(() -> kinesis.putResourcePolicy(b -> b.resourceARN(arn).policy("not json")))
                    .isInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> kinesis.putResourcePolicy(b -> b.resourceARN(arn)))
                    .hasMessageStartingWith("1 validation error detected: Value null at 'policy' failed to satisfy constraint: "
                            + "Member must not be null");
            assertThatThrownBy(() -> kinesis.getResourcePolicy(b -> b.resourceARN(arn + "-x")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> kinesis.getResourcePolicy(b -> b.resourceARN(consumer + "9")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> kinesis.getResourcePolicy(b -> b.resourceARN("arn:aws:s3:::bucket")))
                    .hasMessageContaining("at 'resourceARN' failed to satisfy constraint: Member must satisfy regular expression pattern");
            kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
        }
    }
}
