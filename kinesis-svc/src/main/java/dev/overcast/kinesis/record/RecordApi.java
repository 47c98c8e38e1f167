package dev.overcast.kinesis.record;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.limit.ShardThroughput;
import dev.overcast.kinesis.shard.Counters;
import dev.overcast.kinesis.shard.HashKeys;
import dev.overcast.kinesis.shard.SequenceNumber;
import dev.overcast.kinesis.shard.ShardCommits;
import dev.overcast.kinesis.shard.Shard;
import dev.overcast.kinesis.shard.ShardStore;
import dev.overcast.kinesis.stream.Stream;
import dev.overcast.kinesis.stream.Streams;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.*;

/**
 * Producers: PutRecord and PutRecords. The partition key's MD5 (or the ExplicitHashKey) picks the open shard whose
 * hash-key range holds it; each request is one transaction, answered once it has committed.
 */
@AwsApi(api = "kinesis")
public class RecordApi {

    /** A PutRecords request's data and partition keys together: 10 MiB (AWS raised it from 5 MiB with 10 MiB records). */
    static final int MAX_PUT_RECORDS_BYTES = 10 * 1024 * 1024;
    /** How often a write starts over when reshardings keep closing its shards. */
    private static final int MAX_ATTEMPTS = 20;

    private final Streams streams;
    private final SuiteClock clock;
    private final ShardStore shards;
    private final RecordStore records;
    private final TransactionTemplate tx;
    private final ShardThroughput throughput;
    private final ShardCommits commits;

    public RecordApi(Streams streams, ShardStore shards, RecordStore records, TransactionTemplate tx, SuiteClock clock,
                     ShardThroughput throughput, ShardCommits commits) {
        this.clock = clock;
        this.commits = commits;
        this.throughput = throughput;
        this.streams = streams;
        this.shards = shards;
        this.records = records;
        this.tx = tx;
    }

    /** What a producer sent for one record, its hash key resolved. */
    private record Entry(String partitionKey, BigInteger hashKey, byte[] data) {
    }

    public PutRecordResponse putRecord(RequestContext ctx, PutRecordRequest r) {
        Stream stream = streams.requireReadable(ctx, r.streamName(), r.streamARN());
        Entry entry = entry(r.partitionKey(), r.explicitHashKey(), r.data());
        checkRecordSize(entry, stream);
        Instant now = clock.now();
        long floor = Counters.at(now) - 1;
        if (r.sequenceNumberForOrdering() != null) {
            // the record's sequence number must exceed the one it is ordered after
            SequenceNumber after = SequenceNumber.parse(r.sequenceNumberForOrdering()).orElseThrow(() ->
                    KinesisErrors.invalidArgument("ExclusiveMinimumSequenceNumber " + r.sequenceNumberForOrdering()
                            + " used in PutRecord on stream " + stream.name() + " under account " + ctx.account() + " is invalid."));
            floor = Math.max(floor, after.counter());
        }
        Written written = write(stream, List.of(entry), floor, now).get(0);
        if (written.refused()) {
            throw ShardThroughput.exceeded(stream, written.shardIndex());
        }
        SequenceNumber seq = written.sequenceNumber();
        return PutRecordResponse.builder().shardId(Shard.id(seq.shardIndex())).sequenceNumber(seq.toString())
                .encryptionType(stream.encryptionType()).build();
    }

    public PutRecordsResponse putRecords(RequestContext ctx, PutRecordsRequest r) {
        Stream stream = streams.requireReadable(ctx, r.streamName(), r.streamARN());
        List<Entry> entries = new ArrayList<>(r.records().size());
        long total = 0;
        for (PutRecordsRequestEntry e : r.records()) {
            Entry entry = entry(e.partitionKey(), e.explicitHashKey(), e.data());
            checkRecordSize(entry, stream);
            total += size(entry);
            entries.add(entry);
        }
        if (total > MAX_PUT_RECORDS_BYTES) {
            throw KinesisErrors.invalidArgument("Records size exceeds 10 MB limit");
        }
        Instant now = clock.now();
        List<Written> written = write(stream, entries, Counters.at(now) - 1, now);
        // a record the shard's throughput refused fails alone, with AWS's error code and message; the others are in
        return PutRecordsResponse.builder().failedRecordCount((int) written.stream().filter(Written::refused).count())
                .encryptionType(stream.encryptionType())
                .records(written.stream().map(w -> w.refused()
                        ? PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException")
                                .errorMessage(ShardThroughput.message(stream, w.shardIndex())).build()
                        : PutRecordsResultEntry.builder().shardId(Shard.id(w.shardIndex()))
                                .sequenceNumber(w.sequenceNumber().toString()).build()).toList())
                .build();
    }

    private static Entry entry(String partitionKey, String explicitHashKey, SdkBytes data) {
        BigInteger hashKey;
        if (explicitHashKey != null) {
            hashKey = new BigInteger(explicitHashKey);
            if (!HashKeys.inRange(hashKey)) {
                throw KinesisErrors.invalidArgument("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: "
                        + "[0, 2^128-1]. Specified value was " + explicitHashKey);
            }
        } else {
            hashKey = HashKeys.of(partitionKey);
        }
        return new Entry(partitionKey, hashKey, data.asByteArrayUnsafe());
    }

    private static long size(Entry e) {
        return e.data().length + (long) e.partitionKey().getBytes(StandardCharsets.UTF_8).length;
    }

    /** The stream's record size limit covers the data and the partition key together. */
    private static void checkRecordSize(Entry e, Stream stream) {
        if (size(e) > stream.maxRecordBytes()) {
            throw KinesisErrors.invalidArgument("Record size (" + size(e) + " bytes) exceeds the maximum record size of "
                    + stream.maxRecordBytes() + " bytes for stream " + stream.name() + ". The size includes the partition key.");
        }
    }

    /** What became of one record: its shard and sequence number, or its shard alone when the shard's throughput refused it. */
    private record Written(int shardIndex, SequenceNumber sequenceNumber) {
        boolean refused() {
            return sequenceNumber == null;
        }
    }

    /**
     * Writes the entries in one transaction: each goes to the open shard holding its hash key; each shard's
     * counters are taken under its row lock (shards locked in index order, so concurrent writers never deadlock),
     * in request order. With the limits on, a record its shard has no throughput left for is left out. Returns what
     * became of each entry, in request order.
     */
    private List<Written> write(Stream stream, List<Entry> entries, long floor, Instant now) {
        Boolean[] admitted = new Boolean[entries.size()]; // decided once, kept if a resharding makes us start over
        for (int attempt = 1; ; attempt++) {
            try {
                List<Written> written = tx.execute(s -> writeOnce(stream, entries, floor, now, admitted));
                // committed: the shards' subscriptions in this process push the records now
                written.stream().filter(w -> !w.refused()).mapToInt(Written::shardIndex).distinct()
                        .forEach(index -> commits.committed(stream.id(), index));
                return written;
            } catch (ShardClosed e) {
                // a resharding closed a shard between our reading the open shards and locking it: the records go to
                // its children, read afresh (never to a closed shard)
                if (attempt == MAX_ATTEMPTS) {
                    throw new IllegalStateException("stream " + stream.name() + " resharded " + attempt + " times during one write");
                }
            }
        }
    }

    /** A shard closed under a writer, which then starts over: its transaction rolls back. */
    private static final class ShardClosed extends RuntimeException {
        ShardClosed() {
            super(null, null, false, false);
        }
    }

    private List<Written> writeOnce(Stream stream, List<Entry> entries, long floor, Instant now, Boolean[] admitted) {
        List<Shard> open = shards.all(stream.id()).stream().filter(Shard::open).toList();
        int[] shardOf = new int[entries.size()];
        Map<Integer, Integer> perShard = new TreeMap<>();
        Set<Integer> full = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            shardOf[i] = route(open, entries.get(i).hashKey()).index();
            if (admitted[i] == null) {
                // once a shard refuses a record, it refuses the request's later ones too: a producer that sends the
                // failed records again keeps their order
                admitted[i] = !full.contains(shardOf[i]) && throughput.admitWrite(stream.id(), shardOf[i], size(entries.get(i)));
                if (!admitted[i]) {
                    full.add(shardOf[i]);
                }
            }
            if (admitted[i]) {
                perShard.merge(shardOf[i], 1, Integer::sum);
            }
        }
        Map<Integer, Long> next = new TreeMap<>();
        perShard.forEach((ix, n) -> next.put(ix, shards.reserve(stream.id(), ix, n, floor).orElseThrow(ShardClosed::new)));
        List<RecordStore.NewRecord> rows = new ArrayList<>(entries.size());
        List<Written> written = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            if (!admitted[i]) {
                written.add(new Written(shardOf[i], null));
                continue;
            }
            long counter = next.merge(shardOf[i], 1L, Long::sum) - 1;
            Entry e = entries.get(i);
            rows.add(new RecordStore.NewRecord(shardOf[i], counter, e.partitionKey(), e.hashKey(), e.data()));
            written.add(new Written(shardOf[i], new SequenceNumber(counter, shardOf[i], stream.id())));
        }
        if (!rows.isEmpty()) {
            records.insert(stream.id(), rows, now);
        }
        return written;
    }

    /** The open shard whose hash-key range holds the key: open shards' ranges partition the whole space. */
    private static Shard route(List<Shard> open, BigInteger hashKey) {
        for (Shard shard : open) {
            if (shard.holds(hashKey)) {
                return shard;
            }
        }
        throw new IllegalStateException("no open shard holds hash key " + hashKey);
    }
}
