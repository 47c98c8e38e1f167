package dev.overcast.firehose.deliverystream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.firehose.FirehoseTestService;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.*;

/** The control plane through the SDK for Java v2: create, describe, list, update, delete, encryption, tags, errors. */
class DeliveryStreamTest {

    private final FirehoseClient firehose = FirehoseTestService.client();

    private String create(String bucketArn) {
        String name = FirehoseTestService.name("ds");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucketArn).roleARN("arn:aws:iam::000000000000:role/f")));
        return name;
    }

    @Test
    void createDescribesWithDefaultsAndArn() {
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("ds");
        String arn = firehose.createDeliveryStream(b -> b.deliveryStreamName(name).deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN("arn:aws:iam::000000000000:role/f")
                        .bufferingHints(h -> h.sizeInMBs(1)))).deliveryStreamARN();
        assertThat(arn).isEqualTo("arn:aws:firehose:us-east-1:000000000000:deliverystream/" + name);

        DeliveryStreamDescription d = firehose.describeDeliveryStream(b -> b.deliveryStreamName(name)).deliveryStreamDescription();
        assertThat(d.deliveryStreamStatus()).isEqualTo(DeliveryStreamStatus.ACTIVE);
        assertThat(d.versionId()).isEqualTo("1");
        assertThat(d.deliveryStreamType()).isEqualTo(DeliveryStreamType.DIRECT_PUT);
        assertThat(d.deliveryStreamEncryptionConfiguration().status()).isEqualTo(DeliveryStreamEncryptionStatus.DISABLED);
        assertThat(d.createTimestamp()).isNotNull();
        assertThat(d.hasMoreDestinations()).isFalse();
        DestinationDescription dest = d.destinations().getFirst();
        assertThat(dest.destinationId()).isEqualTo("destinationId-000000000001");
        ExtendedS3DestinationDescription ext = dest.extendedS3DestinationDescription();
        assertThat(ext.bucketARN()).isEqualTo(bucket);
        assertThat(ext.bufferingHints().sizeInMBs()).isEqualTo(1);
        assertThat(ext.bufferingHints().intervalInSeconds()).isEqualTo(300);
        assertThat(ext.compressionFormat()).isEqualTo(CompressionFormat.UNCOMPRESSED);
        assertThat(ext.s3BackupMode()).isEqualTo(S3BackupMode.DISABLED);
        assertThat(ext.encryptionConfiguration().noEncryptionConfig()).isEqualTo(NoEncryptionConfig.NO_ENCRYPTION);
        assertThat(dest.s3DestinationDescription().bucketARN()).isEqualTo(bucket);

        assertThatThrownBy(() -> create2(name, bucket)).isInstanceOfSatisfying(ResourceInUseException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Firehose " + name + " under accountId 000000000000 already exists"));
    }

    private void create2(String name, String bucket) {
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN("arn:aws:iam::000000000000:role/f")));
    }

    @Test
    void missingStreamsAndBadInputAreAwsErrors() {
        assertThatThrownBy(() -> firehose.describeDeliveryStream(b -> b.deliveryStreamName("nope-x")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Firehose nope-x under account 000000000000 not found."));
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName("bad name!")
                .extendedS3DestinationConfiguration(d -> d.bucketARN("arn:aws:s3:::b").roleARN("arn:aws:iam::000000000000:role/f"))))
                .isInstanceOfSatisfying(FirehoseException.class, e -> assertThat(e.awsErrorDetails().errorCode() + ": "
                        + e.awsErrorDetails().errorMessage()).startsWith("ValidationException: 1 validation error detected: Value 'bad name!' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern"))
                .satisfies(e -> assertThat(firehose.listDeliveryStreams(b -> b.limit(10000)).deliveryStreamNames()).doesNotContain("bad name!"));
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(FirehoseTestService.name("x"))
                .extendedS3DestinationConfiguration(d -> d.bucketARN("arn:aws:s3:::b").roleARN("arn:aws:iam::000000000000:role/f")
                        .bufferingHints(h -> h.sizeInMBs(129)))))
                .isInstanceOf(FirehoseException.class).hasMessageContaining("Member must have value less than or equal to 128");
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(FirehoseTestService.name("x"))
                .deliveryStreamType(DeliveryStreamType.MSK_AS_SOURCE)
                .extendedS3DestinationConfiguration(d -> d.bucketARN("arn:aws:s3:::b").roleARN("arn:aws:iam::000000000000:role/f"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("MSKAsSource");
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(FirehoseTestService.name("x"))
                .snowflakeDestinationConfiguration(d -> d.accountUrl("https://x.snowflakecomputing.com").database("d")
                        .schema("s").table("t").roleARN("arn:aws:iam::000000000000:role/f")
                        .s3Configuration(s -> s.bucketARN("arn:aws:s3:::b").roleARN("arn:aws:iam::000000000000:role/f")))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("Snowflake");
    }

    @Test
    void prefixRules() {
        String bucket = FirehoseTestService.bucket();
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(FirehoseTestService.name("p"))
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN("arn:aws:iam::000000000000:role/f")
                        .prefix("year=!{timestamp:yyyy}/"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("ErrorOutputPrefix");
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(FirehoseTestService.name("p"))
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN("arn:aws:iam::000000000000:role/f")
                        .prefix("!{firehose:error-output-type}/").errorOutputPrefix("e/"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("only allowed in ErrorOutputPrefix");
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(FirehoseTestService.name("p"))
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN("arn:aws:iam::000000000000:role/f")
                        .prefix("!{nope:x}/").errorOutputPrefix("e/"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("namespace 'nope'");
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(FirehoseTestService.name("p"))
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN("arn:aws:iam::000000000000:role/f")
                        .prefix("!{partitionKeyFromQuery:k}/").errorOutputPrefix("e/"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("dynamic partitioning");
    }

    @Test
    void updateDestinationChecksTheVersion() {
        String name = create(FirehoseTestService.bucket());
        String other = FirehoseTestService.bucket();
        firehose.updateDestination(b -> b.deliveryStreamName(name).currentDeliveryStreamVersionId("1")
                .destinationId("destinationId-000000000001")
                .extendedS3DestinationUpdate(u -> u.bucketARN(other).compressionFormat(CompressionFormat.GZIP)
                        .bufferingHints(h -> h.intervalInSeconds(60))));
        DeliveryStreamDescription d = firehose.describeDeliveryStream(b -> b.deliveryStreamName(name)).deliveryStreamDescription();
        assertThat(d.versionId()).isEqualTo("2");
        assertThat(d.lastUpdateTimestamp()).isNotNull();
        ExtendedS3DestinationDescription ext = d.destinations().getFirst().extendedS3DestinationDescription();
        assertThat(ext.bucketARN()).isEqualTo(other);
        assertThat(ext.compressionFormat()).isEqualTo(CompressionFormat.GZIP);
        assertThat(ext.bufferingHints().intervalInSeconds()).isEqualTo(60);
        assertThat(ext.bufferingHints().sizeInMBs()).isEqualTo(5);

        assertThatThrownBy(() -> firehose.updateDestination(b -> b.deliveryStreamName(name).currentDeliveryStreamVersionId("1")
                .destinationId("destinationId-000000000001").extendedS3DestinationUpdate(u -> u.prefix("x/"))))
                .isInstanceOf(ConcurrentModificationException.class);
        assertThat(firehose.describeDeliveryStream(b -> b.deliveryStreamName(name)).deliveryStreamDescription().versionId())
                .isEqualTo("2");
    }

    @Test
    void listPagesAndFiltersByType() {
        String bucket = FirehoseTestService.bucket();
        List<String> names = List.of(create(bucket), create(bucket), create(bucket));
        ListDeliveryStreamsResponse first = firehose.listDeliveryStreams(b -> b.limit(1).deliveryStreamType(DeliveryStreamType.DIRECT_PUT));
        assertThat(first.deliveryStreamNames()).hasSize(1);
        assertThat(first.hasMoreDeliveryStreams()).isTrue();
        List<String> all = firehose.listDeliveryStreams(b -> b.limit(10000)).deliveryStreamNames();
        assertThat(all).containsAll(names);
        assertThat(firehose.listDeliveryStreams(b -> b.limit(10000).deliveryStreamType(DeliveryStreamType.KINESIS_STREAM_AS_SOURCE))
                .deliveryStreamNames()).doesNotContainAnyElementsOf(names);
        assertThat(firehose.listDeliveryStreams(b -> b.limit(10000).exclusiveStartDeliveryStreamName(names.getFirst()))
                .deliveryStreamNames()).doesNotContain(names.getFirst());
    }

    @Test
    void deleteRemovesTheStream() {
        String name = create(FirehoseTestService.bucket());
        firehose.deleteDeliveryStream(b -> b.deliveryStreamName(name).allowForceDelete(true));
        assertThatThrownBy(() -> firehose.describeDeliveryStream(b -> b.deliveryStreamName(name)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> firehose.deleteDeliveryStream(b -> b.deliveryStreamName(name)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void encryptionStartsAndStops() {
        String name = create(FirehoseTestService.bucket());
        firehose.startDeliveryStreamEncryption(b -> b.deliveryStreamName(name).deliveryStreamEncryptionConfigurationInput(
                e -> e.keyType(KeyType.CUSTOMER_MANAGED_CMK).keyARN("arn:aws:kms:us-east-1:000000000000:key/k1")));
        DeliveryStreamEncryptionConfiguration enc = firehose.describeDeliveryStream(b -> b.deliveryStreamName(name))
                .deliveryStreamDescription().deliveryStreamEncryptionConfiguration();
        assertThat(enc.status()).isEqualTo(DeliveryStreamEncryptionStatus.ENABLED);
        assertThat(enc.keyType()).isEqualTo(KeyType.CUSTOMER_MANAGED_CMK);
        assertThat(enc.keyARN()).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/k1");
        assertThatThrownBy(() -> firehose.startDeliveryStreamEncryption(b -> b.deliveryStreamName(name)
                .deliveryStreamEncryptionConfigurationInput(e -> e.keyType(KeyType.CUSTOMER_MANAGED_CMK))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("KeyARN");
        firehose.stopDeliveryStreamEncryption(b -> b.deliveryStreamName(name));
        assertThat(firehose.describeDeliveryStream(b -> b.deliveryStreamName(name)).deliveryStreamDescription()
                .deliveryStreamEncryptionConfiguration().status()).isEqualTo(DeliveryStreamEncryptionStatus.DISABLED);
    }

    @Test
    void tagsAddListRemoveAndLimit() {
        String name = create(FirehoseTestService.bucket());
        firehose.tagDeliveryStream(b -> b.deliveryStreamName(name).tags(Tag.builder().key("b").value("2").build(),
                Tag.builder().key("a").value("1").build()));
        ListTagsForDeliveryStreamResponse tags = firehose.listTagsForDeliveryStream(b -> b.deliveryStreamName(name).limit(1));
        assertThat(tags.tags()).extracting(Tag::key).containsExactly("a");
        assertThat(tags.hasMoreTags()).isTrue();
        assertThat(firehose.listTagsForDeliveryStream(b -> b.deliveryStreamName(name).exclusiveStartTagKey("a")).tags())
                .extracting(Tag::key).containsExactly("b");
        firehose.untagDeliveryStream(b -> b.deliveryStreamName(name).tagKeys("a"));
        assertThat(firehose.listTagsForDeliveryStream(b -> b.deliveryStreamName(name)).tags()).extracting(Tag::key).containsExactly("b");
        List<Tag> many = java.util.stream.IntStream.range(0, 50).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        assertThatThrownBy(() -> firehose.tagDeliveryStream(b -> b.deliveryStreamName(name).tags(many)))
                .isInstanceOf(LimitExceededException.class);
        assertThat(firehose.listTagsForDeliveryStream(b -> b.deliveryStreamName(name)).tags()).hasSize(1);
    }
}
