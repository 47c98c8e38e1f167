package dev.overcast.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.kinesis.limit.ShardThroughput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.*;

/**
 * The throughput limits (OVERCAST_KINESIS_LIMITS=true): per shard in and out, and the control plane's call rates. The
 * limits are switched on for this class only, in an account of its own (the control plane's rates are per account).
 * No timing is asserted: bursts are far past the rates, and a wait of over a second refills a shard.
 */
class LimitsTest {

    static final String ACCOUNT = "111111111111";
    static KinesisClient kinesis;

    @BeforeAll
    static void limitsOn() {
        KinesisTestService.bean(ShardThroughput.class).enable(true);
        kinesis = KinesisTestService.client(true, ACCOUNT, "eu-west-1");
    }

    @AfterAll
    static void limitsOff() {
        KinesisTestService.bean(ShardThroughput.class).enable(false);
        kinesis.close();
    }

    static String stream(int shards) {
        String name = KinesisTestService.streamName();
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        return name;
    }

    static PutRecordsRequestEntry entry(int i, int bytes) {
        return PutRecordsRequestEntry.builder().partitionKey("k" + i).data(SdkBytes.fromByteArray(new byte[bytes])).build();
    }

    @Test
    void putRecordsPastOneMibASecondFailsRecordByRecordAsAwsWordsIt() throws Exception {
        String name = stream(1);
        // 500 records of 10 KiB: 5 MB in one request, five times what one shard takes in a second
        List<PutRecordsRequestEntry> batch = IntStream.range(0, 500).mapToObj(i -> entry(i, 10 * 1024)).toList();
        PutRecordsResponse put = kinesis.putRecords(b -> b.streamName(name).records(batch));
        assertThat(put.failedRecordCount()).isGreaterThan(300).isLessThan(500);
        List<PutRecordsResultEntry> failed = put.records().stream().filter(r -> r.errorCode() != null).toList();
        assertThat(failed).hasSize(put.failedRecordCount()).allSatisfy(r -> {
            assertThat(r.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
            assertThat(r.errorMessage()).isEqualTo("Rate exceeded for shard shardId-000000000000 in stream " + name
                    + " under account " + ACCOUNT + ".");
            assertThat(r.sequenceNumber()).isNull();
            assertThat(r.shardId()).isNull();
        });
        // the shard takes records in request order until it is full: the accepted ones come first
        int accepted = 500 - put.failedRecordCount();
        assertThat(put.records().subList(0, accepted)).allSatisfy(r -> assertThat(r.sequenceNumber()).isNotNull());

        // only the accepted records are in the shard, in order
        String it = kinesis.getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<String> read = new ArrayList<>();
        kinesis.getRecords(b -> b.shardIterator(it)).records().forEach(r -> read.add(r.sequenceNumber()));
        assertThat(read).containsExactlyElementsOf(put.records().subList(0, accepted).stream()
                .map(PutRecordsResultEntry::sequenceNumber).toList());

        // a second on, the shard takes a full second's worth again
        Thread.sleep(1100);
        List<PutRecordsRequestEntry> small = IntStream.range(0, 500).mapToObj(i -> entry(i, 1024)).toList();
        assertThat(kinesis.putRecords(b -> b.streamName(name).records(small)).failedRecordCount()).isZero();
    }

    /** Runs {@code call} from 8 threads at once, a burst no slow machine spreads over a second. */
    static <T> List<Object> burst(Callable<T> call) throws Exception {
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(call));
            }
            List<Object> outcomes = new ArrayList<>();
            for (var f : futures) {
                try {
                    outcomes.add(f.get());
                } catch (ExecutionException e) {
                    outcomes.add(e.getCause());
                }
            }
            return outcomes;
        }
    }

    @Test
    void putRecordPastTheShardsRateIsRefusedThenRecovers() throws Exception {
        String name = stream(1);
        List<PutRecordsRequestEntry> tiny = IntStream.range(0, 500).mapToObj(i -> entry(i, 1)).toList();
        // 4,000 records at once: 1,000 a second is what a shard takes
        assertThat(burst(() -> kinesis.putRecords(b -> b.streamName(name).records(tiny)).failedRecordCount()))
                .as("failed records of 8 requests of 500 at once").anySatisfy(n -> assertThat((Integer) n).isPositive());
        // 8 records of 1,000,000 bytes at once: one second's worth is 1 MiB
        SdkBytes big = SdkBytes.fromByteArray(new byte[1_000_000]);
        assertThat(burst(() -> kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(big))))
                .anySatisfy(e -> assertThat(e).isInstanceOf(ProvisionedThroughputExceededException.class)
                        .asInstanceOf(InstanceOfAssertFactories.THROWABLE)
                        .hasMessageStartingWith("Rate exceeded for shard shardId-000000000000 in stream " + name
                                + " under account " + ACCOUNT + "."));
        Thread.sleep(1100);
        assertThat(kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(SdkBytes.fromUtf8String("x")))
                .sequenceNumber()).isNotNull();
    }

    @Test
    void getRecordsPastFiveCallsASecondPerShardIsRefused() throws Exception {
        String name = stream(2);
        String it = kinesis.getShardIterator(b -> b.streamName(name).shardId("shardId-000000000001")
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        Throwable refused = null;
        String next = it;
        for (int i = 0; i < 30 && refused == null; i++) {
            try {
                String at = next;
                next = kinesis.getRecords(b -> b.shardIterator(at)).nextShardIterator();
            } catch (ProvisionedThroughputExceededException e) {
                refused = e;
            }
        }
        assertThat(refused).as("30 calls in a row on one shard").isNotNull()
                .hasMessageStartingWith("Rate exceeded for shard shardId-000000000001 in stream " + name);
        // the other shard has its own five calls
        String other = kinesis.getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        assertThat(kinesis.getRecords(b -> b.shardIterator(other)).records()).isEmpty();
        // the refused iterator is still good a second later
        Thread.sleep(1100);
        String at = next;
        assertThat(kinesis.getRecords(b -> b.shardIterator(at)).nextShardIterator()).isNotNull();
    }

    @Test
    void controlPlaneRatesAreLimitExceeded() throws Exception {
        String name = stream(1);
        assertThat(firstRefusal(40, () -> kinesis.describeStream(b -> b.streamName(name))))
                .as("DescribeStream: 10 a second per account").isNotNull()
                .hasMessageStartingWith("Rate exceeded for stream " + name + " under account " + ACCOUNT + ".");
        assertThat(firstRefusal(10, () -> kinesis.describeLimits())).as("DescribeLimits: 1 a second per account").isNotNull()
                .hasMessageStartingWith("Rate exceeded for account " + ACCOUNT + ".");
        Thread.sleep(1100);
        assertThat(kinesis.describeStream(b -> b.streamName(name)).streamDescription().streamName()).isEqualTo(name);
        // ListShards has 1,000 a second per stream: a handful is nowhere near
        for (int i = 0; i < 20; i++) {
            assertThat(kinesis.listShards(b -> b.streamName(name)).shards()).hasSize(1);
        }
    }

    /**
     * The first LimitExceededException of {@code calls} calls made from 8 threads at once (sequential calls on a busy
     * machine may each take longer than the limit's second allows), or null.
     */
    private static LimitExceededException firstRefusal(int calls, Runnable call) throws InterruptedException {
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<LimitExceededException>> results = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                results.add(pool.submit(() -> {
                    try {
                        call.run();
                        return null;
                    } catch (LimitExceededException e) {
                        return e;
                    }
                }));
            }
            for (Future<LimitExceededException> result : results) {
                try {
                    if (result.get() != null) {
                        return result.get();
                    }
                } catch (ExecutionException e) {
                    throw new AssertionError(e.getCause());
                }
            }
            return null;
        } finally {
            pool.shutdownNow();
        }
    }
}
