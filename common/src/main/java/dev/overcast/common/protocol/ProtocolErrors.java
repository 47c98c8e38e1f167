package dev.overcast.common.protocol;

import dev.overcast.common.error.AwsException;
import java.util.List;

/**
 * The errors whose code, status and shape differ by protocol family ({@link ProtocolDialect#errors()}): S3 answers
 * with its own codes (SignatureDoesNotMatch, InvalidAccessKeyId, RequestTimeTooSkewed, AccessDenied…), the JSON
 * services with coral's (InvalidSignatureException, UnrecognizedClientException, …). Callers state the facts; each
 * family words them. Where the wording itself differs, a method takes each family's text.
 */
public interface ProtocolErrors {

    /** No Authorization header or presigned query in verify mode. */
    AwsException missingAuthentication();

    /** An Authorization header of a scheme the family does not know. */
    AwsException unsupportedAuthorization(String authorization);

    /** A malformed Authorization header: {@code s3Detail} follows S3's "The authorization header is malformed; ". */
    AwsException malformedHeader(String s3Detail, String jsonMessage);

    /** A malformed presigned query. */
    AwsException queryParametersError(String message);

    AwsException invalidArgument(String message);

    AwsException invalidRequest(String message);

    AwsException unknownAccessKey(String accessKeyId);

    AwsException signatureMismatch(String accessKeyId, String stringToSign, String signatureProvided,
                                   String canonicalRequest);

    /** x-amz-* headers sent but left out of SignedHeaders, lower-case and sorted. */
    AwsException headersNotSigned(List<String> names);

    /** The credential scope names another service than {@code expected}, the one that received the request. */
    AwsException wrongService(String service, String expected, boolean presigned);

    /** The credential scope's region is empty or no region name; {@code expected} is the configured default. */
    AwsException invalidRegion(String region, String expected, boolean presigned);

    /** No usable Date or X-Amz-Date; {@code value} as sent, or {@code null}. */
    AwsException invalidDate(String value);

    AwsException timeTooSkewed(String requestTime, String serverTime, long maxSkewMillis, String jsonMessage);

    /** A SigV4 presigned URL past its X-Amz-Expires. */
    AwsException expired(String expires, String expiresAt, String serverTime);

    AwsException contentSha256Mismatch(String clientComputed, String serverComputed);

    /** A chunk or trailer signature of an aws-chunked body that does not match. */
    default AwsException chunkSignatureMismatch(String accessKeyId, String stringToSign, String signatureProvided) {
        return signatureMismatch(accessKeyId, stringToSign, signatureProvided, null);
    }

    /** SigV2: an {@code Authorization: AWS …} header without the colon between key and signature. */
    AwsException invalidSigV2Header(String authorization);

    /** SigV2 query authentication missing one of AWSAccessKeyId, Signature and Expires. */
    AwsException incompleteSigV2Query();

    /** SigV2 query authentication past its Expires. */
    AwsException expiredSigV2(String expiresAt, String serverTime);

    AwsException incompleteBody();

    AwsException malformedChunk(String message);

    AwsException tooLarge(long limit);

    /** An action of the API that the suite does not implement. */
    AwsException notImplemented(String action);

    /** An unexpected failure of the service. */
    AwsException internal();

    /** What the HTTP layer refused before any operation was routed, as this protocol answers it. */
    AwsException httpFault(HttpFault fault, String method);

    /** The database cannot be reached (down, restarting): a 503 every SDK retries. */
    AwsException unavailable();
}
