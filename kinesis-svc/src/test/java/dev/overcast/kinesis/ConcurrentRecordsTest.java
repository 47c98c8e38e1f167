package dev.overcast.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Writers racing on one shard while a reader follows its iterator chain: nothing skipped, nothing twice, in order. */
class ConcurrentRecordsTest {

    static final int WRITERS = 4;
    static final int BATCHES = 15;
    static final int PER_BATCH = 10;

    @Test
    void anIteratorChainSeesEveryRecordOnceWhileWritersRace() throws Exception {
        try (KinesisClient kinesis = KinesisTestService.client()) {
            String stream = KinesisTestService.createStream(kinesis, 1);
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int b = 0; b < BATCHES; b++) {
                        List<PutRecordsRequestEntry> batch = new ArrayList<>();
                        for (int i = 0; i < PER_BATCH; i++) {
                            batch.add(PutRecordsRequestEntry.builder().partitionKey("w" + writer)
                                    .data(SdkBytes.fromUtf8String(writer + ":" + (b * PER_BATCH + i))).build());
                        }
                        kinesis.putRecords(r -> r.streamName(stream).records(batch));
                    }
                    return null;
                }));
            }
            List<Record> read = new ArrayList<>();
            int expected = WRITERS * BATCHES * PER_BATCH;
            while (read.size() < expected) {
                String current = iterator;
                GetRecordsResponse page = kinesis.getRecords(r -> r.shardIterator(current).limit(37));
                read.addAll(page.records());
                iterator = page.nextShardIterator();
                if (writers.stream().allMatch(Future::isDone) && page.records().isEmpty()) {
                    break;
                }
            }
            for (Future<?> f : writers) {
                f.get();
            }
            pool.shutdown();
            // whatever the reader saw while writes were in flight, the chain goes on to the rest
            GetRecordsResponse tail = kinesis.getRecords(r -> r.shardIterator(kinesis.getShardIterator(b -> b.streamName(stream)
                    .shardId("shardId-000000000000").shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .startingSequenceNumber(read.get(read.size() - 1).sequenceNumber())).shardIterator()));
            assertThat(tail.records()).isEmpty();

            assertThat(read).hasSize(expected);
            assertThat(read).extracting(Record::sequenceNumber).doesNotHaveDuplicates();
            for (int w = 0; w < WRITERS; w++) {
                String prefix = w + ":";
                List<Integer> ofWriter = read.stream().map(r -> r.data().asUtf8String()).filter(d -> d.startsWith(prefix))
                        .map(d -> Integer.parseInt(d.substring(prefix.length()))).toList();
                assertThat(ofWriter).as("writer %d's records in the order written", w).isSorted().hasSize(BATCHES * PER_BATCH);
            }
            for (int i = 1; i < read.size(); i++) {
                assertThat(new java.math.BigInteger(read.get(i).sequenceNumber()))
                        .isGreaterThan(new java.math.BigInteger(read.get(i - 1).sequenceNumber()));
            }
        }
    }
}
