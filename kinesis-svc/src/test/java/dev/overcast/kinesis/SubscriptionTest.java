package dev.overcast.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.*;
import software.amazon.awssdk.services.kinesis.model.Record;

/** SubscribeToShard over HTTP/2 (h2c) with the SDK's KinesisAsyncClient, in CBOR and in JSON 1.1. */
class SubscriptionTest {

    /** What one subscription received: its records, the children named at the shard's end, how it ended. */
    private static final class Received {
        final List<Record> records = new CopyOnWriteArrayList<>();
        final List<ChildShard> children = new CopyOnWriteArrayList<>();
        final List<String> continuations = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> done;

        Received(KinesisAsyncClient async, SubscribeToShardRequest request) {
            SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                    .subscriber(SubscribeToShardResponseHandler.Visitor.builder().onSubscribeToShardEvent(e -> {
                        records.addAll(e.records());
                        children.addAll(e.childShards());
                        continuations.add(e.continuationSequenceNumber());
                    }).build())
                    .build();
            done = async.subscribeToShard(request, handler);
        }

        List<String> data() {
            return records.stream().map(r -> r.data().asUtf8String()).toList();
        }
    }

    private static String consumer(KinesisClient kinesis, String stream, String name) {
        String arn = ConsumerTest.streamArn(kinesis, stream);
        return kinesis.registerStreamConsumer(b -> b.streamARN(arn).consumerName(name)).consumer().consumerARN();
    }

    private static void put(KinesisClient kinesis, String stream, String... data) {
        for (String d : data) {
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("pk").data(SdkBytes.fromUtf8String(d)));
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("condition met within 30 s").isTrue();
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void recordsPutBeforeAndAfterSubscribingArriveInOrderUntilASplitEndsTheShard(boolean cbor) throws Exception {
        try (KinesisClient kinesis = KinesisTestService.client(cbor); KinesisAsyncClient async = KinesisTestService.asyncClient(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            String consumerArn = consumer(kinesis, stream, "efo");
            put(kinesis, stream, "a", "b", "c");

            Received got = new Received(async, SubscribeToShardRequest.builder().consumerARN(consumerArn)
                    .shardId("shardId-000000000000").startingPosition(p -> p.type(ShardIteratorType.TRIM_HORIZON)).build());
            await(() -> got.records.size() == 3);
            put(kinesis, stream, "d", "e", "f");
            await(() -> got.records.size() == 6);
            assertThat(got.data()).containsExactly("a", "b", "c", "d", "e", "f");
            List<String> sequences = got.records.stream().map(Record::sequenceNumber).toList();
            assertThat(sequences).isSortedAccordingTo((x, y) -> new BigInteger(x).compareTo(new BigInteger(y)));
            assertThat(got.records.get(0).partitionKey()).isEqualTo("pk");
            assertThat(got.records.get(0).approximateArrivalTimestamp()).isNotNull();
            assertThat(got.continuations).contains(sequences.get(5));

            kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000")
                    .newStartingHashKey(BigInteger.TWO.pow(127).toString()));
            got.done.get(60, TimeUnit.SECONDS);
            assertThat(got.children).extracting(ChildShard::shardId).containsExactly("shardId-000000000001", "shardId-000000000002");
            assertThat(got.children.get(0).parentShards()).containsExactly("shardId-000000000000");
            // the last event, at the shard's end, has no continuation
            assertThat(got.continuations.get(got.continuations.size() - 1)).isNull();
            assertThat(got.data()).containsExactly("a", "b", "c", "d", "e", "f");
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void latestAndAfterSequenceNumberStartWhereTheySay(boolean cbor) throws Exception {
        try (KinesisClient kinesis = KinesisTestService.client(cbor); KinesisAsyncClient async = KinesisTestService.asyncClient(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            String consumerArn = consumer(kinesis, stream, "efo");
            put(kinesis, stream, "old");
            String first = kinesis.putRecord(b -> b.streamName(stream).partitionKey("pk").data(SdkBytes.fromUtf8String("x")))
                    .sequenceNumber();
            put(kinesis, stream, "y");

            Received after = new Received(async, SubscribeToShardRequest.builder().consumerARN(consumerArn)
                    .shardId("shardId-000000000000")
                    .startingPosition(p -> p.type(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(first)).build());
            await(() -> after.records.size() == 1);
            assertThat(after.data()).containsExactly("y");
            after.done.cancel(true);

            String second = consumer(kinesis, stream, "efo-2");
            Received latest = new Received(async, SubscribeToShardRequest.builder().consumerARN(second)
                    .shardId("shardId-000000000000").startingPosition(p -> p.type(ShardIteratorType.LATEST)).build());
            await(() -> !latest.continuations.isEmpty() || latest.done.isDone());
            put(kinesis, stream, "new");
            await(() -> latest.records.size() == 1);
            assertThat(latest.data()).containsExactly("new");
            latest.done.cancel(true);
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void errorsAreAnsweredBeforeTheStreamStarts(boolean cbor) throws Exception {
        try (KinesisClient kinesis = KinesisTestService.client(cbor); KinesisAsyncClient async = KinesisTestService.asyncClient(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            String consumerArn = consumer(kinesis, stream, "efo");
            SubscribeToShardRequest.Builder ok = SubscribeToShardRequest.builder().consumerARN(consumerArn)
                    .shardId("shardId-000000000000").startingPosition(p -> p.type(ShardIteratorType.TRIM_HORIZON));

            assertThatThrownBy(() -> new Received(async, ok.copy().consumerARN(consumerArn.replace("/efo:", "/nobody:")).build())
                    .done.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageStartingWith("Consumer " + consumerArn.replace("/efo:", "/nobody:")
                            + " under account 000000000000 not found.");
            assertThatThrownBy(() -> new Received(async, ok.copy().shardId("shardId-000000000009").build()).done.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageStartingWith("Shard shardId-000000000009 in stream " + stream + " under account 000000000000 does not exist");
            assertThatThrownBy(() -> new Received(async, ok.copy()
                    .startingPosition(p -> p.type(ShardIteratorType.AT_SEQUENCE_NUMBER)).build()).done.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidArgumentException.class)
                    .hasMessageStartingWith("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER");

            Received first = new Received(async, ok.build());
            await(() -> !first.continuations.isEmpty() || first.done.isDone());
            // a second subscription of the consumer to the shard within 5 seconds of the first
            assertThatThrownBy(() -> new Received(async, ok.build()).done.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ResourceInUseException.class)
                    .hasMessageContaining("Another active subscription exists for this consumer: " + consumerArn);
            first.done.cancel(true);

            kinesis.deregisterStreamConsumer(b -> b.consumerARN(consumerArn));
            assertThatThrownBy(() -> new Received(async, ok.build()).done.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ResourceNotFoundException.class);
        }
    }
}
