package dev.overcast.common.auth;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Locale;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

/**
 * Computes a flexible checksum (CRC32, CRC32C, CRC64NVME, SHA1, SHA256 …) of what passes through, for comparing
 * with an {@code x-amz-checksum-*} header or trailer once the stream is exhausted. It does not compare anything
 * itself: the caller (the S3 service) decides which value to check and which error to answer.
 */
public final class StreamingChecksum extends FilterInputStream {

    private final String algorithm;
    private final SdkChecksum checksum;
    private String value;

    private StreamingChecksum(InputStream in, String algorithm, SdkChecksum checksum) {
        super(in);
        this.algorithm = algorithm;
        this.checksum = checksum;
    }

    /**
     * Wraps {@code in}.
     *
     * @param algorithm the algorithm name as in {@code x-amz-sdk-checksum-algorithm} (case-insensitive)
     * @throws IllegalArgumentException for an algorithm the SDK does not know
     */
    public static StreamingChecksum of(InputStream in, String algorithm) {
        String name = algorithm == null ? "" : algorithm.trim().toUpperCase(Locale.ROOT);
        for (ChecksumAlgorithm a : DefaultChecksumAlgorithm.values()) {
            if (a.algorithmId().equalsIgnoreCase(name)) {
                return new StreamingChecksum(in, name, SdkChecksum.forAlgorithm(a));
            }
        }
        throw new IllegalArgumentException("Unknown checksum algorithm '" + algorithm + "'");
    }

    /** The header or trailer that carries this algorithm's value, e.g. {@code x-amz-checksum-crc32}. */
    public static String headerName(String algorithm) {
        return "x-amz-checksum-" + algorithm.trim().toLowerCase(Locale.ROOT);
    }

    public String algorithm() {
        return algorithm;
    }

    /** True once the stream has been read to its end. */
    public boolean complete() {
        return value != null;
    }

    /** The base64 checksum of everything read; only once the stream has been read to its end. */
    public String base64() {
        if (value == null) {
            throw new IllegalStateException("the stream has not been read to its end");
        }
        return value;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            checksum.update(b, off, n);
        } else if (n < 0 && value == null) {
            value = Base64.getEncoder().encodeToString(checksum.getChecksumBytes());
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
