package dev.overcast.dynamodb.query;

/**
 * A range over encoded key bytes: inclusive or exclusive bounds, either may be absent; or one exact value.
 */
record KeyRange(byte[] low, boolean lowInclusive, byte[] high, boolean highInclusive) {

    static final KeyRange ALL = new KeyRange(null, false, null, false);

    static KeyRange exactly(byte[] v) {
        return new KeyRange(v, true, v, true);
    }

    /** All keys starting with the prefix: [prefix, successor(prefix)). */
    static KeyRange prefix(byte[] p) {
        int end = p.length;
        while (end > 0 && (p[end - 1] & 0xFF) == 0xFF) {
            end--;
        }
        if (end == 0) {
            return new KeyRange(p, true, null, false);
        }
        byte[] succ = java.util.Arrays.copyOf(p, end);
        succ[end - 1]++;
        return new KeyRange(p, true, succ, false);
    }
}
