package dev.overcast.common.auth;

import dev.overcast.common.protocol.ProtocolErrors;
import java.nio.charset.StandardCharsets;

/**
 * Verifies the rolling signatures of a signed aws-chunked body: each chunk signature is seeded with the previous
 * one, the first with the request's own signature; the trailer signature follows the final chunk's.
 */
final class ChunkSignatureVerifier {

    private final ProtocolErrors errors;
    private final byte[] signingKey;
    private final String amzDate;
    private final String scope;
    private final String accessKeyId;
    private final boolean chunksSigned;
    private final boolean trailerSigned;
    private String previous;

    ChunkSignatureVerifier(ProtocolErrors errors, byte[] signingKey, String amzDate, String scope, String accessKeyId,
                           String seedSignature, boolean chunksSigned, boolean trailerSigned) {
        this.errors = errors;
        this.signingKey = signingKey;
        this.amzDate = amzDate;
        this.scope = scope;
        this.accessKeyId = accessKeyId;
        this.previous = seedSignature;
        this.chunksSigned = chunksSigned;
        this.trailerSigned = trailerSigned;
    }

    boolean chunksSigned() {
        return chunksSigned;
    }

    void verifyChunk(String provided, byte[] dataSha256) {
        if (!chunksSigned) {
            return;
        }
        String stringToSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                + SigV4Canonical.EMPTY_SHA256 + "\n" + SigV4Canonical.hex(dataSha256);
        check(stringToSign, provided);
    }

    void verifyTrailer(String provided, String canonicalTrailers) {
        if (!trailerSigned) {
            return;
        }
        String stringToSign = "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                + SigV4Canonical.sha256Hex(canonicalTrailers.getBytes(StandardCharsets.UTF_8));
        check(stringToSign, provided);
    }

    private void check(String stringToSign, String provided) {
        String expected = SigV4Canonical.signature(signingKey, stringToSign);
        if (!SigV4Canonical.constantTimeEquals(expected, provided)) {
            throw errors.chunkSignatureMismatch(accessKeyId, stringToSign, provided == null ? "" : provided);
        }
        previous = expected;
    }
}
