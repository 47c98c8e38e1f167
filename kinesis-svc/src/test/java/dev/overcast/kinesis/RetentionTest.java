package dev.overcast.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.record.RecordStore;
import dev.overcast.kinesis.record.RetentionSweeper;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Records past their stream's retention are deleted by the sweeper and no longer readable; the test moves the suite's
 * clock instead of waiting a day. With the SDK in CBOR and in JSON 1.1.
 */
class RetentionTest {

    static final String SHARD = "shardId-000000000000";

    static String put(KinesisClient kinesis, String stream, String data) {
        return kinesis.putRecord(b -> b.streamName(stream).partitionKey("pk").data(SdkBytes.fromUtf8String(data))).sequenceNumber();
    }

    static List<String> read(KinesisClient kinesis, String stream, GetShardIteratorRequest.Builder it) {
        String iterator = kinesis.getShardIterator(it.streamName(stream).shardId(SHARD).build()).shardIterator();
        return kinesis.getRecords(b -> b.shardIterator(iterator)).records().stream().map(r -> r.data().asUtf8String()).toList();
    }

    /** Reads the shard from its trim horizon until it holds exactly {@code expected} (30 s at most). */
    static void awaitRead(KinesisClient kinesis, String stream, String... expected) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!read(kinesis, stream, GetShardIteratorRequest.builder().shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .equals(List.of(expected)) && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(read(kinesis, stream, GetShardIteratorRequest.builder().shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
                .containsExactly(expected);
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void recordsPastRetentionAreDeletedAndNoLongerRead(boolean cbor) {
        SuiteClock clock = KinesisTestService.bean(SuiteClock.class);
        RetentionSweeper sweeper = KinesisTestService.bean(RetentionSweeper.class);
        Duration moved = Duration.ZERO;
        try (KinesisClient kinesis = KinesisTestService.client(cbor)) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            String longer = KinesisTestService.createStream(kinesis, 1);
            kinesis.increaseStreamRetentionPeriod(b -> b.streamName(longer).retentionPeriodHours(48));
            String first = put(kinesis, stream, "old-1");
            put(kinesis, stream, "old-2");
            put(kinesis, longer, "kept");
            sweeper.sweep();
            assertThat(read(kinesis, stream, GetShardIteratorRequest.builder().shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
                    .containsExactly("old-1", "old-2");

            clock.advance(Duration.ofHours(24).plusMinutes(1));
            moved = Duration.ofHours(24).plusMinutes(1);
            String fresh = put(kinesis, stream, "new");
            // the clock moving on runs the sweep at once (no call needed, no wait for its next tick)
            awaitRead(kinesis, stream, "new");
            // an iterator at a deleted record starts at the first kept one
            assertThat(read(kinesis, stream, GetShardIteratorRequest.builder()
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(first)))
                    .containsExactly("new");
            assertThat(read(kinesis, stream, GetShardIteratorRequest.builder()
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(first)))
                    .containsExactly("new");
            assertThat(read(kinesis, stream, GetShardIteratorRequest.builder()
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(fresh)))
                    .containsExactly("new");
            // a stream keeping 48 hours still has its record
            assertThat(read(kinesis, longer, GetShardIteratorRequest.builder().shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
                    .containsExactly("kept");
            // a second sweep finds nothing more of this stream
            sweeper.sweep();
            assertThat(read(kinesis, stream, GetShardIteratorRequest.builder().shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
                    .containsExactly("new");
            kinesis.deleteStream(b -> b.streamName(stream));
            kinesis.deleteStream(b -> b.streamName(longer));
        } finally {
            clock.advance(moved.negated());
        }
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void aSweepHeldByAnotherReplicaIsSkipped(boolean cbor) throws Exception {
        SuiteClock clock = KinesisTestService.bean(SuiteClock.class);
        RetentionSweeper sweeper = KinesisTestService.bean(RetentionSweeper.class);
        Duration moved = Duration.ZERO;
        try (KinesisClient kinesis = KinesisTestService.client(cbor);
             Connection other = KinesisTestService.jdbc().getDataSource().getConnection()) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            put(kinesis, stream, "old");
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.execute("select pg_advisory_xact_lock(" + RecordStore.RETENTION_LOCK + ")");
                // the sweep the clock's advance runs at once is skipped too while the other replica holds the lock
                clock.advance(Duration.ofHours(25));
                moved = Duration.ofHours(25);
                assertThat(sweeper.sweep()).isEqualTo(-1);
                assertThat(read(kinesis, stream, GetShardIteratorRequest.builder().shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
                        .containsExactly("old");
            } finally {
                other.rollback();
            }
            sweeper.sweep(); // or the clock's own run, if it is still going: either way the record goes
            awaitRead(kinesis, stream);
            kinesis.deleteStream(b -> b.streamName(stream));
        } finally {
            clock.advance(moved.negated());
        }
    }
}
