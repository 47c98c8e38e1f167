package dev.overcast.common.auth;

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
public final class StreamingChecksum extends DigestingInputStream {

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
    void consumed(byte[] b, int off, int n) {
        checksum.update(b, off, n);
    }

    @Override
    void ended() {
        if (value == null) {
            value = Base64.getEncoder().encodeToString(checksum.getChecksumBytes());
        }
    }
}
