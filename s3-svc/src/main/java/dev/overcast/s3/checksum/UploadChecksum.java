package dev.overcast.s3.checksum;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.auth.StreamingChecksum;
import dev.overcast.s3.S3Errors;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * The flexible checksum a client declares for an upload body ({@code x-amz-checksum-<algorithm>} as a header or as
 * a trailer named by {@code x-amz-trailer}, or just the algorithm by {@code x-amz-sdk-checksum-algorithm}):
 * computed while the body streams, compared once it has been read to its end.
 */
public final class UploadChecksum {

    public static final List<String> ALGORITHMS = List.of("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256");

    private final RequestContext ctx;
    private final StreamingChecksum stream;
    private final String headerName;

    private UploadChecksum(RequestContext ctx, StreamingChecksum stream) {
        this.ctx = ctx;
        this.stream = stream;
        this.headerName = StreamingChecksum.headerName(stream.algorithm());
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
        if (algorithm == null) {
            for (String a : ALGORITHMS) {
                if (ctx.header(StreamingChecksum.headerName(a)) != null) {
                    algorithm = a;
                    break;
                }
            }
        }
        if (algorithm == null) {
            return null;
        }
        String name = algorithm.trim().toUpperCase(Locale.ROOT);
        if (!ALGORITHMS.contains(name)) {
            throw S3Errors.invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of "
                    + "the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
        }
        return new UploadChecksum(ctx, StreamingChecksum.of(body, name));
    }

    /** The body to read through. */
    public InputStream stream() {
        return stream;
    }

    public String algorithm() {
        return stream.algorithm();
    }

    /**
     * Once the body has been read: the computed checksum (base64), after comparing it with the declared value,
     * if the client sent one (BadDigest when they differ).
     */
    public String verify() {
        String computed = stream.base64();
        String declared = ctx.header(headerName);
        if (declared == null && ctx.trailers() != null) {
            declared = ctx.trailers().get(headerName);
        }
        if (declared != null && !declared.trim().equals(computed)) {
            throw S3Errors.badChecksum(algorithm());
        }
        return computed;
    }
}
