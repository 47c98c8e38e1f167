package dev.overcast.kinesis.stream;

import dev.overcast.kinesis.KinesisErrors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * NextToken of ListStreams and ListShards: where the next page starts, usable for 300 seconds as on AWS (then
 * ExpiredNextTokenException).
 */
public final class NextTokens {

    static final Duration LIFETIME = Duration.ofSeconds(300);

    private NextTokens() {
    }

    static String afterStream(String name) {
        return encode("stream", name);
    }

    static String streamName(String token) {
        return decode(token, "stream");
    }

    /** A token for the consumers of stream {@code streamId} after the one named {@code name}. */
    public static String afterConsumer(long streamId, String name) {
        return encode("consumers", streamId + "/" + name);
    }

    /** The consumer name a ListStreamConsumers token continues after, checked to be a token of this stream. */
    public static String consumerName(String token, long streamId) {
        String[] parts = decode(token, "consumers").split("/", 2);
        if (parts.length != 2 || !parts[0].equals(Long.toString(streamId))) {
            throw invalid(token);
        }
        return parts[1];
    }

    /** A token for the shards of stream {@code streamId} after {@code shardIndex}. */
    static String afterShard(long streamId, int shardIndex) {
        return encode("shards", streamId + "/" + shardIndex);
    }

    /** [stream id, shard index] of a ListShards token. */
    static long[] shardPosition(String token) {
        String[] parts = decode(token, "shards").split("/");
        try {
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (RuntimeException e) {
            throw invalid(token);
        }
    }

    private static String encode(String kind, String payload) {
        String text = kind + "\n" + Instant.now().toEpochMilli() + "\n" + payload;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token, String kind) {
        String[] parts;
        long issued;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", 3);
            issued = Long.parseLong(parts[1]);
        } catch (RuntimeException e) {
            throw invalid(token);
        }
        if (parts.length != 3 || !parts[0].equals(kind)) {
            throw invalid(token);
        }
        if (Instant.ofEpochMilli(issued).plus(LIFETIME).isBefore(Instant.now())) {
            throw KinesisErrors.expiredNextToken("The NextToken has expired. Tokens expire after "
                    + LIFETIME.toSeconds() + " seconds.");
        }
        return parts[2];
    }

    private static RuntimeException invalid(String token) {
        return KinesisErrors.invalidArgument("Invalid NextToken: " + token);
    }
}
