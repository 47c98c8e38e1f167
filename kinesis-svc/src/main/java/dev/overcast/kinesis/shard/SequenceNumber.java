package dev.overcast.kinesis.shard;

import java.math.BigInteger;
import java.util.Optional;

/**
 * A sequence number as AWS shows it: a 56-digit decimal string. Ours reads {@code 49}, the record's counter (20
 * digits), the shard's index (10 digits) and the stream's id (24 digits). The counter leads, and it is at least the
 * microseconds since the epoch at the write, so sequence numbers increase within a shard and order records across
 * shards by time; the shard and the stream let a number be checked against the shard it is used with.
 */
public record SequenceNumber(long counter, int shardIndex, long streamId) {

    private static final String PREFIX = "49";
    private static final int LENGTH = 56;

    public static SequenceNumber of(Shard shard, long counter) {
        return new SequenceNumber(counter, shard.index(), shard.streamId());
    }

    @Override
    public String toString() {
        return PREFIX + String.format("%020d%010d%024d", counter, shardIndex, streamId);
    }

    /** The sequence number a string encodes, or empty when it is not one of ours. */
    public static Optional<SequenceNumber> parse(String s) {
        if (s == null || s.length() != LENGTH || !s.startsWith(PREFIX) || !s.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        try {
            long counter = Long.parseLong(s.substring(2, 22));
            long shard = Long.parseLong(s.substring(22, 32));
            BigInteger stream = new BigInteger(s.substring(32));
            if (shard > Integer.MAX_VALUE || stream.bitLength() > 63) {
                return Optional.empty();
            }
            return Optional.of(new SequenceNumber(counter, (int) shard, stream.longValue()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
