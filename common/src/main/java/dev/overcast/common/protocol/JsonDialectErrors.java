package dev.overcast.common.protocol;

import dev.overcast.common.error.AwsException;
import dev.overcast.common.error.CommonErrors;
import java.util.List;

/** The JSON services' error codes (coral's), with the statuses DynamoDB sends them with. */
final class JsonDialectErrors implements ProtocolErrors {

    @Override
    public AwsException missingAuthentication() {
        return new AwsException("MissingAuthenticationTokenException", 400, "Request is missing Authentication Token");
    }

    @Override
    public AwsException unsupportedAuthorization(String authorization) {
        return incomplete("Authorization header requires 'Credential' parameter. Authorization header requires "
                + "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization="
                + authorization);
    }

    @Override
    public AwsException malformedHeader(String s3Detail, String jsonMessage) {
        return incomplete(jsonMessage);
    }

    @Override
    public AwsException queryParametersError(String message) {
        return incomplete(message);
    }

    @Override
    public AwsException invalidArgument(String message) {
        return incomplete(message);
    }

    @Override
    public AwsException invalidRequest(String message) {
        return incomplete(message);
    }

    private static AwsException incomplete(String message) {
        return new AwsException("IncompleteSignatureException", 400, message);
    }

    private static AwsException invalidSignature(String message) {
        return new AwsException("InvalidSignatureException", 400, message);
    }

    @Override
    public AwsException unknownAccessKey(String accessKeyId) {
        return new AwsException("UnrecognizedClientException", 400,
                "The security token included in the request is invalid.");
    }

    @Override
    public AwsException signatureMismatch(String accessKeyId, String stringToSign, String signatureProvided,
                                          String canonicalRequest) {
        return invalidSignature("The request signature we calculated does not match the signature you provided. "
                + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }

    /** Named as coral names an unsigned Host: "'Host' or ':authority' must be a 'SignedHeader' …". */
    @Override
    public AwsException headersNotSigned(List<String> names) {
        return invalidSignature("'" + capitalized(names.get(0)) + "' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Override
    public AwsException wrongService(String service, String expected, boolean presigned) {
        return invalidSignature("Credential should be scoped to correct service: '" + expected + "'. ");
    }

    @Override
    public AwsException invalidRegion(String region, String expected, boolean presigned) {
        return invalidSignature("Credential should be scoped to a valid region, not '" + region + "'. ");
    }

    @Override
    public AwsException invalidDate(String value) {
        return incomplete(value == null
                ? "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
                : "Date must be in ISO-8601 'basic format'. Got '" + value + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    @Override
    public AwsException timeTooSkewed(String requestTime, String serverTime, long maxSkewMillis, String jsonMessage) {
        return invalidSignature(jsonMessage);
    }

    @Override
    public AwsException expired(String expires, String expiresAt, String serverTime) {
        return invalidSignature("Signature expired: the presigned request expired at " + expiresAt + " (now "
                + serverTime + ")");
    }

    @Override
    public AwsException contentSha256Mismatch(String clientComputed, String serverComputed) {
        return invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Override
    public AwsException invalidSigV2Header(String authorization) {
        return unsupportedAuthorization(authorization);
    }

    @Override
    public AwsException incompleteSigV2Query() {
        return incomplete("Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
    }

    @Override
    public AwsException expiredSigV2(String expiresAt, String serverTime) {
        return invalidSignature("Signature expired: the presigned request expired at " + expiresAt + " (now "
                + serverTime + ")");
    }

    @Override
    public AwsException incompleteBody() {
        return new AwsException("SerializationException", 400, "The request body terminated unexpectedly");
    }

    @Override
    public AwsException malformedChunk(String message) {
        return new AwsException("SerializationException", 400, message);
    }

    @Override
    public AwsException tooLarge(long limit) {
        return new AwsException("RequestEntityTooLargeException", 413,
                "Request payload size exceeds the limit of " + limit + " bytes");
    }

    @Override
    public AwsException notImplemented(String action) {
        return CommonErrors.notImplemented(action);
    }

    @Override
    public AwsException internal() {
        return CommonErrors.internal("The server encountered an internal error trying to fulfill the request.");
    }

    @Override
    public AwsException unavailable() {
        return CommonErrors.serviceUnavailable("The service is currently unavailable. Please try again.");
    }

    @Override
    public AwsException httpFault(HttpFault fault, String method) {
        return fault.jsonError();
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
}
