package dev.overcast.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.*;

/** The enhanced fan-out control plane, with the SDK in CBOR and in JSON 1.1. */
class ConsumerTest {

    static String streamArn(KinesisClient kinesis, String stream) {
        return kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void registerDescribeListAndDeregister(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            String arn = streamArn(kinesis, stream);
            Instant before = Instant.now().minusSeconds(1);
            Consumer c = kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("app-1")).consumer();
            assertThat(c.consumerName()).isEqualTo("app-1");
            assertThat(c.consumerARN()).matches(java.util.regex.Pattern.quote(arn + "/consumer/app-1:") + "\\d{10}");
            assertThat(c.consumerARN()).endsWith(":" + c.consumerCreationTimestamp().getEpochSecond());
            assertThat(c.consumerCreationTimestamp()).isAfter(before);
            // the test service has no status delay: CREATING is over at once
            assertThat(c.consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);

            ConsumerDescription byArn = kinesis.describeStreamConsumer(b -> b.consumerARN(c.consumerARN())).consumerDescription();
            assertThat(byArn.consumerName()).isEqualTo("app-1");
            assertThat(byArn.streamARN()).isEqualTo(arn);
            assertThat(byArn.consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);
            ConsumerDescription byName = kinesis.describeStreamConsumer(b -> b.streamARN(arn).consumerName("app-1"))
                    .consumerDescription();
            assertThat(byName).isEqualTo(byArn);
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().consumerCount())
                    .isEqualTo(1);

            assertThatThrownBy(() -> kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("app-1")))
                    .isInstanceOf(ResourceInUseException.class);
            for (int i = 2; i <= 5; i++) {
                int n = i;
                kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("app-" + n));
            }
            List<String> names = new ArrayList<>();
            String token = null;
            do {
                String t = token;
                ListStreamConsumersResponse page = kinesis.listStreamConsumers(b -> b.streamARN(arn).maxResults(2).nextToken(t));
                assertThat(page.consumers()).hasSizeLessThanOrEqualTo(2);
                page.consumers().forEach(x -> names.add(x.consumerName()));
                token = page.nextToken();
            } while (token != null);
            assertThat(names).containsExactly("app-1", "app-2", "app-3", "app-4", "app-5");

            kinesis.deregisterStreamConsumer(b -> b.consumerARN(c.consumerARN()));
            kinesis.deregisterStreamConsumer(b -> b.streamARN(arn).consumerName("app-2"));
            assertThat(kinesis.listStreamConsumers(b -> b.streamARN(arn)).consumers()).extracting(Consumer::consumerName)
                    .containsExactly("app-3", "app-4", "app-5");
            assertThatThrownBy(() -> kinesis.describeStreamConsumer(b -> b.consumerARN(c.consumerARN())))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageStartingWith("Consumer " + c.consumerARN() + " under account 000000000000 not found.");
            assertThatThrownBy(() -> kinesis.deregisterStreamConsumer(b -> b.streamARN(arn).consumerName("app-2")))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageStartingWith("Consumer app-2 under account 000000000000 not found.");
            // registered again, the name has a new consumer (the ARN ends with its creation time)
            assertThat(kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("app-1")).consumer().consumerName())
                    .isEqualTo("app-1");

            assertThatThrownBy(() -> kinesis.deleteStream(b -> b.streamName(stream)))
                    .isInstanceOf(ResourceInUseException.class)
                    .hasMessageStartingWith("DeleteStream can't delete 000000000000:" + stream + " because there are consumers "
                            + "associated with this data stream. To delete " + stream + " anyway, set the EnforceConsumerDeletion "
                            + "parameter to true to force the deletion of all the consumers that are associated with it.");
            assertThatThrownBy(() -> kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(false)))
                    .isInstanceOf(ResourceInUseException.class);
            kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
            assertThatThrownBy(() -> kinesis.listStreamConsumers(b -> b.streamARN(arn)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void consumerErrorsAndLimits(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            String arn = streamArn(kinesis, stream);
            for (int i = 0; i < 20; i++) {
                int n = i;
                kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("c" + n));
            }
            assertThatThrownBy(() -> kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("c20")))
                    .isInstanceOf(LimitExceededException.class);
            assertThat(kinesis.listStreamConsumers(b -> b.streamARN(arn)).consumers()).hasSize(20);
            kinesis.deregisterStreamConsumer(b -> b.streamARN(arn).consumerName("c0"));
            kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("c20"));

            assertThatThrownBy(() -> kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("bad name")))
                    .hasMessageStartingWith("1 validation error detected: Value 'bad name' at 'consumerName' failed to satisfy "
                            + "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
            assertThatThrownBy(() -> kinesis.registerStreamConsumer(b -> b.consumerName("x")))
                    .hasMessageStartingWith("1 validation error detected: Value null at 'streamARN' failed to satisfy "
                            + "constraint: Member must not be null");
            assertThatThrownBy(() -> kinesis.registerStreamConsumer(b -> b.streamARN(arn + "-missing").consumerName("x")))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageStartingWith("Stream " + stream + "-missing under account 000000000000 not found.");
            assertThatThrownBy(() -> kinesis.describeStreamConsumer(b -> b.streamARN(arn)))
                    .isInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> kinesis.describeStreamConsumer(b -> b.consumerARN(arn + "/consumer/c1:1")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> kinesis.describeStreamConsumer(b -> b.consumerARN("arn:aws:kinesis:us-east-1:000000000000:x")))
                    .isInstanceOf(KinesisException.class)
                    .hasMessageContaining("at 'consumerARN' failed to satisfy constraint: Member must satisfy regular expression pattern");
            assertThatThrownBy(() -> kinesis.listStreamConsumers(b -> b.streamARN(arn).nextToken("garbage")))
                    .isInstanceOf(InvalidArgumentException.class);
            kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
        }
    }

    /** CREATING and DELETING last the status delay (none in the test service, so the test holds them in the database). */
    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void consumersAreCreatingThenActiveAndDeletingThenGone(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            String arn = streamArn(kinesis, stream);
            kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("slow"));
            String where = " where name = 'slow' and stream_id = (select id from kinesis.stream where name = ?)";
            KinesisTestService.jdbc().update("update kinesis.consumer set ready_at = now() + interval '1 hour'" + where, stream);
            assertThat(kinesis.describeStreamConsumer(b -> b.streamARN(arn).consumerName("slow")).consumerDescription()
                    .consumerStatus()).isEqualTo(ConsumerStatus.CREATING);
            KinesisTestService.jdbc().update("update kinesis.consumer set ready_at = now()" + where, stream);
            assertThat(kinesis.describeStreamConsumer(b -> b.streamARN(arn).consumerName("slow")).consumerDescription()
                    .consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);
            kinesis.deregisterStreamConsumer(b -> b.streamARN(arn).consumerName("slow"));
            KinesisTestService.jdbc().update("update kinesis.consumer set gone_at = now() + interval '1 hour'" + where, stream);
            assertThat(kinesis.listStreamConsumers(b -> b.streamARN(arn)).consumers()).singleElement()
                    .satisfies(c -> assertThat(c.consumerStatus()).isEqualTo(ConsumerStatus.DELETING));
            assertThatThrownBy(() -> kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("slow")))
                    .isInstanceOf(ResourceInUseException.class);
            assertThatThrownBy(() -> kinesis.deregisterStreamConsumer(b -> b.streamARN(arn).consumerName("slow")))
                    .isInstanceOf(ResourceInUseException.class);
            KinesisTestService.jdbc().update("update kinesis.consumer set gone_at = now()" + where, stream);
            assertThat(kinesis.listStreamConsumers(b -> b.streamARN(arn)).consumers()).isEmpty();
            kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName("slow"));
            kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
        }
    }
}
