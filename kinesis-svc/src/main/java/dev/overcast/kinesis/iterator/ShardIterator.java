package dev.overcast.kinesis.iterator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A shard iterator: where a reader is (the stream, the shard, the counter of the next record to read) and when the
 * iterator was issued, as an opaque base64 token. A MAC over the content makes an edited or truncated token
 * invalid (it keeps garbage out; it is not meant as a secret). Stateless, so an iterator survives a restart of
 * the service and works on any replica.
 */
public record ShardIterator(long streamId, String streamName, int shardIndex, long position, Instant issuedAt) {

    /** Iterators expire 5 minutes after they are issued, as on AWS. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    private static final byte VERSION = 1;
    private static final int MAC_BYTES = 16;
    private static final SecretKeySpec KEY =
            new SecretKeySpec("overcast-kinesis-shard-iterator".getBytes(StandardCharsets.US_ASCII), "HmacSHA256");

    public String encode() {
        byte[] name = streamName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + 8 + 8 + 1 + name.length);
        b.put(VERSION).putLong(streamId).putInt(shardIndex).putLong(position).putLong(issuedAt.toEpochMilli())
                .put((byte) name.length).put(name);
        byte[] body = b.array();
        byte[] token = Arrays.copyOf(body, body.length + MAC_BYTES);
        System.arraycopy(mac(body), 0, token, body.length, MAC_BYTES);
        return Base64.getEncoder().encodeToString(token);
    }

    /** The iterator a token encodes, or empty when the token is not one of ours. */
    public static Optional<ShardIterator> decode(String token) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length < 1 + 8 + 4 + 8 + 8 + 1 + MAC_BYTES || bytes[0] != VERSION) {
            return Optional.empty();
        }
        byte[] body = Arrays.copyOf(bytes, bytes.length - MAC_BYTES);
        byte[] tag = Arrays.copyOfRange(bytes, body.length, bytes.length);
        if (!MessageDigest.isEqual(tag, Arrays.copyOf(mac(body), MAC_BYTES))) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(body, 1, body.length - 1);
        long stream = b.getLong();
        int shard = b.getInt();
        long position = b.getLong();
        Instant issued = Instant.ofEpochMilli(b.getLong());
        int n = b.get() & 0xff;
        if (b.remaining() != n) {
            return Optional.empty();
        }
        byte[] name = new byte[n];
        b.get(name);
        return Optional.of(new ShardIterator(stream, new String(name, StandardCharsets.UTF_8), shard, position, issued));
    }

    public boolean expired(Instant now) {
        return issuedAt.plus(LIFETIME).isBefore(now);
    }

    /** The iterator after reading up to (excluding) {@code next}, issued now. */
    public ShardIterator at(long next, Instant now) {
        return new ShardIterator(streamId, streamName, shardIndex, next, now);
    }

    private static byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(KEY);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
