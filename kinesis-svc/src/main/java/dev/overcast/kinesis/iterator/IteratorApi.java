package dev.overcast.kinesis.iterator;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.limit.ShardThroughput;
import dev.overcast.kinesis.record.RecordStore;
import dev.overcast.kinesis.record.StoredRecord;
import dev.overcast.kinesis.shard.Shard;
import dev.overcast.kinesis.shard.ShardStore;
import dev.overcast.kinesis.stream.Stream;
import dev.overcast.kinesis.stream.StreamStore;
import dev.overcast.kinesis.stream.Streams;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Consumers that poll: GetShardIterator places an iterator in a shard, GetRecords reads from it and hands back the
 * iterator that follows the records read.
 */
@AwsApi(api = "kinesis")
public class IteratorApi {

    /** GetRecords returns at most 10,000 records and 10 MiB. */
    static final int MAX_LIMIT = 10_000;
    static final long MAX_BYTES = 10L * 1024 * 1024;

    /** "Thu Jan 22 01:22:02 UTC 2015", as AWS writes times in ExpiredIteratorException. */
    private static final DateTimeFormatter AMZ_TIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Streams streams;
    private final SuiteClock clock;
    private final StreamStore streamStore;
    private final ShardStore shards;
    private final RecordStore records;
    private final StartingPositions positions;
    private final ShardThroughput throughput;

    public IteratorApi(Streams streams, StreamStore streamStore, ShardStore shards, RecordStore records,
                       StartingPositions positions, SuiteClock clock, ShardThroughput throughput) {
        this.throughput = throughput;
        this.positions = positions;
        this.clock = clock;
        this.streams = streams;
        this.streamStore = streamStore;
        this.shards = shards;
        this.records = records;
    }

    public GetShardIteratorResponse getShardIterator(RequestContext ctx, GetShardIteratorRequest r) {
        ShardIteratorType type = r.shardIteratorType();
        Stream stream = streams.requireReadable(ctx, r.streamName(), r.streamARN());
        int index = Shard.index(r.shardId());
        if (index < 0) {
            throw KinesisErrors.resourceNotFound("Could not find shard " + r.shardId() + " in stream " + stream.name()
                    + " under account " + ctx.account() + ".");
        }
        Shard shard = shards.find(stream.id(), index)
                .orElseThrow(() -> KinesisErrors.shardNotFound(Shard.id(index), stream.name(), ctx.account()));
        throughput.admitIterator(stream, index);
        long position = positions.resolve(ctx, "GetShardIterator", stream, shard, type, r.startingSequenceNumber(), r.timestamp());
        Instant now = clock.now();
        return GetShardIteratorResponse.builder()
                .shardIterator(new ShardIterator(stream.id(), stream.name(), index, position, now).encode()).build();
    }

    public GetRecordsResponse getRecords(RequestContext ctx, GetRecordsRequest r) {
        ShardIterator it = ShardIterator.decode(r.shardIterator())
                .orElseThrow(() -> KinesisErrors.invalidArgument("Invalid ShardIterator."));
        Instant now = clock.now();
        if (it.expired(now)) {
            throw KinesisErrors.expiredIterator("Iterator expired. The iterator was created at time "
                    + AMZ_TIME.format(it.issuedAt()) + " while right now it is " + AMZ_TIME.format(now)
                    + " which is further in the future than the tolerated delay of " + ShardIterator.LIFETIME.toMillis()
                    + " milliseconds.");
        }
        Stream stream = streamStore.findById(it.streamId())
                .filter(s -> s.account().equals(ctx.account()) && s.region().equals(ctx.region()) && !s.gone(now))
                .orElseThrow(() -> KinesisErrors.shardNotFound(Shard.id(it.shardIndex()), it.streamName(), ctx.account()));
        Shard shard = shards.find(stream.id(), it.shardIndex())
                .orElseThrow(() -> KinesisErrors.shardNotFound(Shard.id(it.shardIndex()), stream.name(), ctx.account()));
        int limit = r.limit() == null ? MAX_LIMIT : r.limit();
        throughput.admitRead(stream, shard.index());
        List<StoredRecord> read = records.read(stream.id(), shard.index(), it.position(), limit, MAX_BYTES);
        throughput.paid(stream.id(), shard.index(), read.stream().mapToLong(StoredRecord::size).sum());
        long next = read.isEmpty() ? it.position() : read.get(read.size() - 1).counter() + 1;
        // behind the tip by the age of the last record returned, while later records wait in the shard
        long behind = read.isEmpty() || next > shard.lastCounter() ? 0
                : Math.max(0, ChronoUnit.MILLIS.between(read.get(read.size() - 1).arrivedAt(), now));
        // at the end of a closed shard: no iterator follows, the children are named instead
        boolean ended = !shard.open() && next > shard.endingCounter();
        return GetRecordsResponse.builder()
                .childShards(ended ? shards.children(stream.id(), shard.index()).stream().map(Shard::toChild).toList() : null)
                .records(read.stream().map(rec -> rec.toModel(stream.id(), shard.index())).toList())
                .nextShardIterator(ended ? null : it.at(next, now).encode())
                .millisBehindLatest(behind)
                .build();
    }
}
