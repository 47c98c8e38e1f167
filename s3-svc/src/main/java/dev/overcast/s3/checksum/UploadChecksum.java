package dev.overcast.s3.checksum;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.auth.StreamingChecksum;
import dev.overcast.s3.S3Errors;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The flexible checksum a client declares for an upload body ({@code x-amz-checksum-<algorithm>} as a header or as
 * a trailer named by {@code x-amz-trailer}, or just the algorithm by {@code x-amz-sdk-checksum-algorithm}):
 * computed while the body streams, compared once it has been read to its end.
 */
public final class UploadChecksum {

    public static final List<String> ALGORITHMS = List.of("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256");

    private final RequestContext ctx;
    private final String algorithm;
    private final InputStream stream;
    private final Supplier<String> value;
    private final String headerName;

    private UploadChecksum(RequestContext ctx, String algorithm, InputStream body) {
        this.ctx = ctx;
        this.algorithm = algorithm;
        this.headerName = StreamingChecksum.headerName(algorithm);
        if ("CRC64NVME".equals(algorithm)) {
            Crc64Nvme crc = new Crc64Nvme(body);
            this.stream = crc;
            this.value = crc::base64;
        } else {
            StreamingChecksum sum = StreamingChecksum.of(body, algorithm);
            this.stream = sum;
            this.value = sum::base64;
        }
    }

    /**
     * Whether the request declares a checksum of its body: an {@code x-amz-checksum-<algorithm>} header, one announced
     * as a trailer, or the algorithm in {@code x-amz-sdk-checksum-algorithm}.
     */
    public static boolean declared(RequestContext ctx) {
        if (ctx.header("x-amz-sdk-checksum-algorithm") != null || ctx.header("x-amz-trailer") != null) {
            return true;
        }
        return ALGORITHMS.stream().anyMatch(a -> ctx.header(StreamingChecksum.headerName(a)) != null);
    }

    /**
     * Refuses a request S3 wants a body digest for (DeleteObjects, bucket configurations, Object Lock puts …) sent
     * with neither Content-MD5 nor a declared checksum.
     */
    public static void requireDigest(RequestContext ctx) {
        if (ctx.header("Content-MD5") == null && !declared(ctx)) {
            throw dev.overcast.s3.S3Errors.missingContentMd5();
        }
    }

    /**
     * The checksum the request declares over {@code body}, or null when it declares none.
     *
     * @param declaredAlgorithm the request's {@code x-amz-sdk-checksum-algorithm}, or null
     */
    public static UploadChecksum of(RequestContext ctx, String declaredAlgorithm, InputStream body) {
        String algorithm = declaredAlgorithm;
        String trailer = ctx.header("x-amz-trailer");
        if (trailer != null && trailer.trim().toLowerCase(Locale.ROOT).startsWith("x-amz-checksum-")) {
            algorithm = trailer.trim().substring("x-amz-checksum-".length());
        }
        String inHeader = null;
        for (String a : ALGORITHMS) {
            if (ctx.header(StreamingChecksum.headerName(a)) != null) {
                if (inHeader != null) {
                    throw S3Errors.invalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types "
                            + "are not allowed.");
                }
                inHeader = a;
            }
        }
        if (inHeader != null) {
            algorithm = inHeader; // the value sent decides, whatever x-amz-sdk-checksum-algorithm says
            checkShape(inHeader, ctx.header(StreamingChecksum.headerName(inHeader)));
        }
        if (algorithm == null) {
            return null;
        }
        String name = algorithm.trim().toUpperCase(Locale.ROOT);
        if (!ALGORITHMS.contains(name)) {
            throw S3Errors.invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of "
                    + "the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
        }
        return new UploadChecksum(ctx, name, body);
    }

    /** A checksum value must be the base64 of the algorithm's digest length, else InvalidRequest. */
    private static void checkShape(String algorithm, String value) {
        int bytes = switch (algorithm) {
            case "CRC32", "CRC32C" -> 4;
            case "CRC64NVME" -> 8;
            case "SHA1" -> 20;
            default -> 32;
        };
        try {
            if (Base64.getDecoder().decode(value.trim()).length == bytes) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // falls through
        }
        throw S3Errors.invalidRequest("Value for " + StreamingChecksum.headerName(algorithm) + " header is invalid.");
    }

    /** The body to read through. */
    public InputStream stream() {
        return stream;
    }

    public String algorithm() {
        return algorithm;
    }

    /**
     * Once the body has been read: the computed checksum (base64), after comparing it with the declared value,
     * if the client sent one (BadDigest when they differ).
     */
    public String verify() {
        String computed = value.get();
        if (computed == null) {
            throw new IllegalStateException("the body has not been read to its end");
        }
        String declared = ctx.header(headerName);
        if (declared == null && ctx.trailers() != null) {
            declared = ctx.trailers().get(headerName);
        }
        if (declared != null) {
            checkShape(algorithm(), declared);
        }
        if (declared != null && !declared.trim().equals(computed)) {
            throw S3Errors.badChecksum(algorithm());
        }
        return computed;
    }
}
