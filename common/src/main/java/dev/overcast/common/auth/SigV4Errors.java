package dev.overcast.common.auth;

import dev.overcast.common.error.AwsException;
import java.util.List;

/** The authentication errors of one dialect: S3's own codes or the JSON services' (coral) codes. */
final class SigV4Errors {

    private final boolean s3;

    SigV4Errors(boolean s3) {
        this.s3 = s3;
    }

    boolean s3() {
        return s3;
    }

    AwsException missingAuthentication() {
        return s3 ? new AwsException("AccessDenied", 403, "Access Denied")
                : new AwsException("MissingAuthenticationTokenException", 400, "Request is missing Authentication Token");
    }

    /** A malformed Authorization header; {@code s3Detail} follows S3's "The authorization header is malformed; ". */
    AwsException malformedHeader(String s3Detail, String jsonMessage) {
        return s3 ? new AwsException("AuthorizationHeaderMalformed", 400,
                "The authorization header is malformed; " + s3Detail)
                : new AwsException("IncompleteSignatureException", 400, jsonMessage);
    }

    AwsException queryParametersError(String message) {
        return s3 ? new AwsException("AuthorizationQueryParametersError", 400, message)
                : new AwsException("IncompleteSignatureException", 400, message);
    }

    AwsException invalidArgument(String message) {
        return s3 ? new AwsException("InvalidArgument", 400, message)
                : new AwsException("IncompleteSignatureException", 400, message);
    }

    AwsException invalidRequest(String message) {
        return s3 ? new AwsException("InvalidRequest", 400, message)
                : new AwsException("IncompleteSignatureException", 400, message);
    }

    AwsException unknownAccessKey(String accessKeyId) {
        return s3 ? new AwsException("InvalidAccessKeyId", 403,
                "The AWS Access Key Id you provided does not exist in our records.").with("AWSAccessKeyId", accessKeyId)
                : new AwsException("UnrecognizedClientException", 400,
                "The security token included in the request is invalid.");
    }

    AwsException signatureMismatch(String accessKeyId, String stringToSign, String signatureProvided,
                                   String canonicalRequest) {
        if (s3) {
            return new AwsException("SignatureDoesNotMatch", 403, "The request signature we calculated does not match "
                    + "the signature you provided. Check your key and signing method.")
                    .with("AWSAccessKeyId", accessKeyId)
                    .with("StringToSign", stringToSign)
                    .with("SignatureProvided", signatureProvided)
                    .with("CanonicalRequest", canonicalRequest);
        }
        return new AwsException("InvalidSignatureException", 400, "The request signature we calculated does not match "
                + "the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service "
                + "documentation for details.");
    }

    /**
     * x-amz-* headers sent but left out of SignedHeaders. S3: 403 AccessDenied naming them in HeadersNotSigned;
     * the JSON services (coral) name the header that must be signed, as for Host.
     */
    AwsException headersNotSigned(List<String> names) {
        return s3 ? new AwsException("AccessDenied", 403, "There were headers present in the request which were not "
                + "signed").with("HeadersNotSigned", String.join(", ", names))
                : new AwsException("InvalidSignatureException", 400, "'" + capitalized(names.get(0))
                + "' must be a 'SignedHeader' in the AWS Authorization.");
    }

    /** The credential scope names another service than the one that received the request. */
    AwsException wrongService(String service, String expected, boolean presigned) {
        String detail = "incorrect service \"" + service + "\". This endpoint belongs to \"" + expected + "\".";
        if (!s3) {
            return new AwsException("InvalidSignatureException", 400,
                    "Credential should be scoped to correct service: '" + expected + "'. ");
        }
        return presigned ? queryParametersError("Error parsing the X-Amz-Credential parameter; " + detail)
                : malformedHeader(detail, null);
    }

    /**
     * The credential scope's region is empty or not a region name. S3 answers as a region endpoint answers a scope
     * of another region, naming the one it expects ({@code expected}, the configured default).
     */
    AwsException invalidRegion(String region, String expected, boolean presigned) {
        if (!s3) {
            return new AwsException("InvalidSignatureException", 400,
                    "Credential should be scoped to a valid region, not '" + region + "'. ");
        }
        String detail = region.isEmpty() ? "a non-empty region must be provided in the credential."
                : "the region '" + region + "' is wrong; expecting '" + expected + "'";
        AwsException e = presigned ? queryParametersError("Error parsing the X-Amz-Credential parameter; " + detail)
                : malformedHeader(detail, null);
        return region.isEmpty() ? e : e.with("Region", expected);
    }

    /** SigV2: an {@code Authorization: AWS …} header without the colon between key and signature. */
    AwsException invalidSigV2Header(String authorization) {
        return new AwsException("InvalidArgument", 400,
                "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature")
                .with("ArgumentName", "Authorization")
                .with("ArgumentValue", authorization);
    }

    /** SigV2 query authentication missing one of its three parameters. */
    AwsException incompleteSigV2Query() {
        return new AwsException("AccessDenied", 403,
                "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
    }

    /** SigV2 query authentication past its {@code Expires} (seconds since the epoch). */
    AwsException expiredSigV2(String expiresAt, String serverTime) {
        return new AwsException("AccessDenied", 403, "Request has expired")
                .with("Expires", expiresAt)
                .with("ServerTime", serverTime);
    }

    private static String capitalized(String headerName) {
        StringBuilder sb = new StringBuilder(headerName.length());
        boolean start = true;
        for (char c : headerName.toCharArray()) {
            sb.append(start ? Character.toUpperCase(c) : c);
            start = c == '-';
        }
        return sb.toString();
    }

    AwsException invalidDate(String value) {
        return s3 ? new AwsException("AccessDenied", 403, "AWS authentication requires a valid Date or x-amz-date header")
                : new AwsException("IncompleteSignatureException", 400, value == null
                ? "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
                : "Date must be in ISO-8601 'basic format'. Got '" + value + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    AwsException timeTooSkewed(String requestTime, String serverTime, long maxSkewMillis, String jsonMessage) {
        return s3 ? new AwsException("RequestTimeTooSkewed", 403,
                "The difference between the request time and the current time is too large.")
                .with("RequestTime", requestTime)
                .with("ServerTime", serverTime)
                .with("MaxAllowedSkewMilliseconds", Long.toString(maxSkewMillis))
                : new AwsException("InvalidSignatureException", 400, jsonMessage);
    }

    AwsException expired(String expires, String expiresAt, String serverTime) {
        return s3 ? new AwsException("AccessDenied", 403, "Request has expired")
                .with("X-Amz-Expires", expires)
                .with("Expires", expiresAt)
                .with("ServerTime", serverTime)
                : new AwsException("InvalidSignatureException", 400, "Signature expired: the presigned request expired at "
                + expiresAt + " (now " + serverTime + ")");
    }

    AwsException contentSha256Mismatch(String clientComputed, String serverComputed) {
        return s3 ? new AwsException("XAmzContentSHA256Mismatch", 400,
                "The provided 'x-amz-content-sha256' header does not match what was computed.")
                .with("ClientComputedContentSHA256", clientComputed)
                .with("S3ComputedContentSHA256", serverComputed)
                : new AwsException("InvalidSignatureException", 400, "The provided 'x-amz-content-sha256' header does "
                + "not match what was computed.");
    }

    /** A chunk or trailer signature of an aws-chunked body that does not match. */
    AwsException chunkSignatureMismatch(String accessKeyId, String stringToSign, String signatureProvided) {
        return signatureMismatch(accessKeyId, stringToSign, signatureProvided, null);
    }

    AwsException incompleteBody() {
        return s3 ? new AwsException("IncompleteBody", 400, "The request body terminated unexpectedly")
                : new AwsException("SerializationException", 400, "The request body terminated unexpectedly");
    }

    AwsException malformedChunk(String message) {
        return s3 ? new AwsException("InvalidRequest", 400, message)
                : new AwsException("SerializationException", 400, message);
    }

    AwsException tooLarge(long limit) {
        return s3 ? new AwsException("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size")
                .with("MaxSizeAllowed", Long.toString(limit))
                : new AwsException("RequestEntityTooLargeException", 413,
                "Request payload size exceeds the limit of " + limit + " bytes");
    }
}
