package dev.overcast.common.protocol;

import dev.overcast.common.error.AwsException;
import java.util.List;

/** S3's own error codes, statuses and extra elements. */
final class S3DialectErrors implements ProtocolErrors {

    @Override
    public AwsException missingAuthentication() {
        return new AwsException("AccessDenied", 403, "Access Denied");
    }

    @Override
    public AwsException unsupportedAuthorization(String authorization) {
        return invalidArgument("Unsupported Authorization Type");
    }

    @Override
    public AwsException malformedHeader(String s3Detail, String jsonMessage) {
        return new AwsException("AuthorizationHeaderMalformed", 400, "The authorization header is malformed; " + s3Detail);
    }

    @Override
    public AwsException queryParametersError(String message) {
        return new AwsException("AuthorizationQueryParametersError", 400, message);
    }

    @Override
    public AwsException invalidArgument(String message) {
        return new AwsException("InvalidArgument", 400, message);
    }

    @Override
    public AwsException invalidRequest(String message) {
        return new AwsException("InvalidRequest", 400, message);
    }

    @Override
    public AwsException unknownAccessKey(String accessKeyId) {
        return new AwsException("InvalidAccessKeyId", 403,
                "The AWS Access Key Id you provided does not exist in our records.").with("AWSAccessKeyId", accessKeyId);
    }

    /** With what S3 signed, as text and as bytes (two hex digits each, space separated). */
    @Override
    public AwsException signatureMismatch(String accessKeyId, String stringToSign, String signatureProvided,
                                          String canonicalRequest) {
        return new AwsException("SignatureDoesNotMatch", 403, "The request signature we calculated does not match "
                + "the signature you provided. Check your key and signing method.")
                .with("AWSAccessKeyId", accessKeyId)
                .with("StringToSign", stringToSign)
                .with("SignatureProvided", signatureProvided)
                .with("StringToSignBytes", bytes(stringToSign))
                .with("CanonicalRequest", canonicalRequest)
                .with("CanonicalRequestBytes", bytes(canonicalRequest));
    }

    private static String bytes(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(text.length() * 3);
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    /** 403 AccessDenied naming the headers in HeadersNotSigned, comma separated. */
    @Override
    public AwsException headersNotSigned(List<String> names) {
        return new AwsException("AccessDenied", 403, "There were headers present in the request which were not signed")
                .with("HeadersNotSigned", String.join(", ", names));
    }

    @Override
    public AwsException wrongService(String service, String expected, boolean presigned) {
        return credentialError("incorrect service \"" + service + "\". This endpoint belongs to \"" + expected + "\".",
                presigned);
    }

    /** As a region endpoint answers a scope of another region, naming the one it expects. */
    @Override
    public AwsException invalidRegion(String region, String expected, boolean presigned) {
        if (region.isEmpty()) {
            return credentialError("a non-empty region must be provided in the credential.", presigned);
        }
        return credentialError("the region '" + region + "' is wrong; expecting '" + expected + "'", presigned)
                .with("Region", expected);
    }

    private AwsException credentialError(String detail, boolean presigned) {
        return presigned ? queryParametersError("Error parsing the X-Amz-Credential parameter; " + detail)
                : malformedHeader(detail, null);
    }

    @Override
    public AwsException invalidDate(String value) {
        return new AwsException("AccessDenied", 403, "AWS authentication requires a valid Date or x-amz-date header");
    }

    @Override
    public AwsException timeTooSkewed(String requestTime, String serverTime, long maxSkewMillis, String jsonMessage) {
        return new AwsException("RequestTimeTooSkewed", 403,
                "The difference between the request time and the current time is too large.")
                .with("RequestTime", requestTime)
                .with("ServerTime", serverTime)
                .with("MaxAllowedSkewMilliseconds", Long.toString(maxSkewMillis));
    }

    @Override
    public AwsException expired(String expires, String expiresAt, String serverTime) {
        return new AwsException("AccessDenied", 403, "Request has expired")
                .with("X-Amz-Expires", expires)
                .with("Expires", expiresAt)
                .with("ServerTime", serverTime);
    }

    @Override
    public AwsException contentSha256Mismatch(String clientComputed, String serverComputed) {
        return new AwsException("XAmzContentSHA256Mismatch", 400,
                "The provided 'x-amz-content-sha256' header does not match what was computed.")
                .with("ClientComputedContentSHA256", clientComputed)
                .with("S3ComputedContentSHA256", serverComputed);
    }

    @Override
    public AwsException invalidSigV2Header(String authorization) {
        return new AwsException("InvalidArgument", 400,
                "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature")
                .with("ArgumentName", "Authorization")
                .with("ArgumentValue", authorization);
    }

    @Override
    public AwsException incompleteSigV2Query() {
        return new AwsException("AccessDenied", 403,
                "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
    }

    @Override
    public AwsException expiredSigV2(String expiresAt, String serverTime) {
        return new AwsException("AccessDenied", 403, "Request has expired")
                .with("Expires", expiresAt)
                .with("ServerTime", serverTime);
    }

    @Override
    public AwsException incompleteBody() {
        return new AwsException("IncompleteBody", 400, "The request body terminated unexpectedly");
    }

    @Override
    public AwsException malformedChunk(String message) {
        return new AwsException("InvalidRequest", 400, message);
    }

    @Override
    public AwsException tooLarge(long limit) {
        return new AwsException("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size")
                .with("MaxSizeAllowed", Long.toString(limit));
    }

    @Override
    public AwsException notImplemented(String action) {
        return new AwsException("NotImplemented", 501, action + " is not implemented by Overcast yet.");
    }

    @Override
    public AwsException internal() {
        return new AwsException("InternalError", 500, "We encountered an internal error. Please try again.");
    }

    @Override
    public AwsException unavailable() {
        return new AwsException("ServiceUnavailable", 503, "Service is unable to handle request.");
    }

    @Override
    public AwsException httpFault(HttpFault fault, String method) {
        return fault.s3Error(method);
    }
}
