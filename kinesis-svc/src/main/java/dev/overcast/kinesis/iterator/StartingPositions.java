package dev.overcast.kinesis.iterator;

import dev.overcast.common.api.RequestContext;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.record.RecordStore;
import dev.overcast.kinesis.shard.SequenceNumber;
import dev.overcast.kinesis.shard.Shard;
import dev.overcast.kinesis.stream.Stream;
import java.time.Instant;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Where a reader starts in a shard (GetShardIterator's iterator, SubscribeToShard's StartingPosition): the counter of
 * the first record it reads.
 */
@Component
public class StartingPositions {

    private final RecordStore records;
    private final SuiteClock clock;

    public StartingPositions(RecordStore records, SuiteClock clock) {
        this.records = records;
        this.clock = clock;
    }

    /** The counter of the first record read from {@code type}'s position; {@code action} names the caller in messages. */
    public long resolve(RequestContext ctx, String action, Stream stream, Shard shard, ShardIteratorType type,
                        String sequenceNumber, Instant timestamp) {
        boolean bySequence = type == ShardIteratorType.AT_SEQUENCE_NUMBER || type == ShardIteratorType.AFTER_SEQUENCE_NUMBER;
        if (bySequence != (sequenceNumber != null) && type != ShardIteratorType.AT_TIMESTAMP) {
            throw KinesisErrors.invalidArgument("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
                    + "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified "
                    + type + (bySequence ? " and no StartingSequenceNumber." : " and also a StartingSequenceNumber."));
        }
        return switch (type) {
            case TRIM_HORIZON -> shard.startingCounter();
            case LATEST -> shard.lastCounter() + 1;
            case AT_SEQUENCE_NUMBER -> sequence(ctx, action, stream, shard, sequenceNumber).counter();
            case AFTER_SEQUENCE_NUMBER -> sequence(ctx, action, stream, shard, sequenceNumber).counter() + 1;
            case AT_TIMESTAMP -> atTimestamp(shard, timestamp);
            default -> throw new IllegalStateException(String.valueOf(type));
        };
    }

    /** A StartingSequenceNumber must be one of this shard's. */
    private static SequenceNumber sequence(RequestContext ctx, String action, Stream stream, Shard shard, String text) {
        String where = " used in " + action + " on shard " + shard.id() + " in stream " + stream.name()
                + " under account " + ctx.account() + " is invalid";
        SequenceNumber seq = SequenceNumber.parse(text).orElseThrow(() -> KinesisErrors.invalidArgument(
                "StartingSequenceNumber " + text + where + "."));
        if (seq.streamId() != stream.id()) {
            throw KinesisErrors.invalidArgument("StartingSequenceNumber " + text + where
                    + " because it did not come from this stream.");
        }
        if (seq.shardIndex() != shard.index()) {
            throw KinesisErrors.invalidArgument("Invalid StartingSequenceNumber. It encodes " + Shard.id(seq.shardIndex())
                    + ", while it was used in a call to a shard with " + shard.id());
        }
        return seq;
    }

    /** The first record at or after the time; past the last record, the next one to come. */
    private long atTimestamp(Shard shard, Instant at) {
        Instant now = clock.now();
        if (at == null) {
            throw KinesisErrors.invalidArgument("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. "
                    + "Current request has no timestamp parameter.");
        }
        if (at.isAfter(now)) {
            throw KinesisErrors.invalidArgument("The timestampInMillis parameter cannot be greater than the "
                    + "currentTimestampInMillis. timestampInMillis: " + at.toEpochMilli()
                    + ", currentTimestampInMillis: " + now.toEpochMilli());
        }
        return records.firstAtOrAfter(shard.streamId(), shard.index(), at).orElse(shard.lastCounter() + 1);
    }
}
