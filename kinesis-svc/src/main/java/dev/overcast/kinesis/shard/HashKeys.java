package dev.overcast.kinesis.shard;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/** The 128-bit hash-key space: a partition key's MD5 is its hash key; shards own contiguous ranges of it. */
public final class HashKeys {

    /** 2^128 − 1, the largest hash key. */
    public static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private HashKeys() {
    }

    /** The hash key of a partition key: its UTF-8 bytes' MD5 as an unsigned 128-bit integer. */
    public static BigInteger of(String partitionKey) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether an ExplicitHashKey lies in 0 … 2^128 − 1. */
    public static boolean inRange(BigInteger key) {
        return key.signum() >= 0 && key.compareTo(MAX) <= 0;
    }

    /**
     * n ranges splitting the space evenly as AWS does at CreateStream: range i starts at ⌊i·2^128/n⌋ and ends just
     * before range i+1; the last ends at 2^128 − 1.
     */
    public static List<BigInteger[]> evenRanges(int n) {
        BigInteger space = BigInteger.ONE.shiftLeft(128);
        List<BigInteger[]> ranges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BigInteger start = space.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n));
            BigInteger end = space.multiply(BigInteger.valueOf(i + 1L)).divide(BigInteger.valueOf(n)).subtract(BigInteger.ONE);
            ranges.add(new BigInteger[] {start, end});
        }
        return ranges;
    }
}
