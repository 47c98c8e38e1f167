package dev.overcast.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.*;

/** Stream tags by StreamName/StreamARN and by ResourceARN, with the SDK in CBOR (its default) and in JSON 1.1. */
class TagTest {

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void tagsOfStreams(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String name = KinesisTestService.streamName();
            kinesis.createStream(b -> b.streamName(name).shardCount(1).tags(Map.of("team", "data")));
            kinesis.addTagsToStream(b -> b.streamName(name).tags(Map.of("env", "test", "cost-center", "42")));
            ListTagsForStreamResponse all = kinesis.listTagsForStream(b -> b.streamName(name));
            assertThat(all.tags()).extracting(Tag::key).containsExactly("cost-center", "env", "team");
            assertThat(all.hasMoreTags()).isFalse();
            ListTagsForStreamResponse page = kinesis.listTagsForStream(b -> b.streamName(name).limit(1).exclusiveStartTagKey("cost-center"));
            assertThat(page.tags()).extracting(Tag::key).containsExactly("env");
            assertThat(page.hasMoreTags()).isTrue();
            kinesis.removeTagsFromStream(b -> b.streamName(name).tagKeys("env"));

            String arn = "arn:aws:kinesis:us-east-1:000000000000:stream/" + name;
            kinesis.tagResource(b -> b.resourceARN(arn).tags(Map.of("owner", "me")));
            assertThat(kinesis.listTagsForResource(b -> b.resourceARN(arn)).tags())
                    .extracting(Tag::key, Tag::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("cost-center", "42"),
                            org.assertj.core.groups.Tuple.tuple("owner", "me"), org.assertj.core.groups.Tuple.tuple("team", "data"));
            kinesis.untagResource(b -> b.resourceARN(arn).tagKeys("owner", "team"));
            assertThat(kinesis.listTagsForStream(b -> b.streamARN(arn)).tags()).extracting(Tag::key).containsExactly("cost-center");
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void tagErrors(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String name = KinesisTestService.createStream(kinesis, 1);
            assertThatThrownBy(() -> kinesis.addTagsToStream(b -> b.streamName("nope-" + name).tags(Map.of("a", "b"))))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> kinesis.addTagsToStream(b -> b.streamName(name).tags(Map.of("a", "b!"))))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Some tags contain invalid characters.");
            assertThatThrownBy(() -> kinesis.addTagsToStream(b -> b.streamName(name).tags(Map.of("a", "50%"))))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Failed to add tags to stream " + name + " under account 000000000000 because "
                            + "some tags contained illegal characters.");
            Map<String, String> many = new LinkedHashMap<>();
            for (int i = 0; i < 51; i++) {
                many.put("k" + i, "v");
            }
            assertThatThrownBy(() -> kinesis.addTagsToStream(b -> b.streamName(name).tags(many)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Failed to add tags to stream " + name + " under account 000000000000 because a "
                            + "given stream cannot have more than 50 tags associated with it.");
            assertThat(kinesis.listTagsForStream(b -> b.streamName(name)).tags()).isEmpty();
            assertThatThrownBy(() -> kinesis.listTagsForResource(b -> b.resourceARN(
                    "arn:aws:kinesis:us-east-1:000000000000:stream/nope-" + name)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void tagsOfConsumers(boolean cbor) {
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String name = KinesisTestService.createStream(kinesis, 1);
            String streamArn = "arn:aws:kinesis:us-east-1:000000000000:stream/" + name;
            String arn = kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("tagged")
                    .tags(Map.of("team", "data", "env", "test"))).consumer().consumerARN();
            assertThat(kinesis.listTagsForResource(b -> b.resourceARN(arn)).tags()).extracting(Tag::key, Tag::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("env", "test"), org.assertj.core.groups.Tuple.tuple("team", "data"));
            kinesis.tagResource(b -> b.resourceARN(arn).tags(Map.of("owner", "me", "env", "prod")));
            kinesis.untagResource(b -> b.resourceARN(arn).tagKeys("team"));
            assertThat(kinesis.listTagsForResource(b -> b.resourceARN(arn)).tags()).extracting(Tag::key, Tag::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("env", "prod"), org.assertj.core.groups.Tuple.tuple("owner", "me"));
            // the stream's tags are its own
            assertThat(kinesis.listTagsForResource(b -> b.resourceARN(streamArn)).tags()).isEmpty();

            Map<String, String> many = new LinkedHashMap<>();
            for (int i = 0; i < 49; i++) {
                many.put("k" + i, "v");
            }
            assertThatThrownBy(() -> kinesis.tagResource(b -> b.resourceARN(arn).tags(many)))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Failed to add tags to consumer " + arn + " under account 000000000000 because a "
                            + "given consumer cannot have more than 50 tags associated with it.");
            assertThatThrownBy(() -> kinesis.tagResource(b -> b.resourceARN(arn + "9").tags(Map.of("a", "b"))))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("bad")
                    .tags(Map.of("a", "b!"))))
                    .isInstanceOf(InvalidArgumentException.class);
            assertThat(kinesis.listStreamConsumers(b -> b.streamARN(streamArn)).consumers()).extracting(Consumer::consumerName)
                    .containsExactly("tagged");

            // registered again under its name, a consumer is a new one, without its predecessor's tags
            kinesis.deregisterStreamConsumer(b -> b.consumerARN(arn));
            KinesisTestService.jdbc().update("update kinesis.consumer set gone_at = now() - interval '1 second'"
                    + " where name = 'tagged' and stream_id = (select id from kinesis.stream where name = ?)", name);
            String again = kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("tagged")).consumer().consumerARN();
            assertThat(kinesis.listTagsForResource(b -> b.resourceARN(again)).tags()).isEmpty();
        }
    }
}
