package dev.overcast.common.protocol;

import dev.overcast.common.http.AwsHttpResponse;

/**
 * How a protocol family differs beyond its encoding: its error codes, request ids and SigV4 rules. S3 is one family
 * (REST-XML with its own codes), the JSON services another (AWS JSON 1.0/1.1, CBOR and REST-JSON, coral's codes).
 * The request path in {@code common} asks the API's dialect rather than checking which protocol it speaks, so a new
 * family adds a dialect, not branches.
 */
public interface ProtocolDialect {

    /** S3: REST-XML, S3's error codes and request ids, streamed payloads, SigV2, the bucket in the path. */
    ProtocolDialect S3 = new S3Dialect();

    /** S3 Control: REST-XML under its API version's path, signed for s3, errors inside {@code <ErrorResponse>}. */
    ProtocolDialect S3_CONTROL = new S3ControlDialect();

    /** The JSON services: AWS JSON 1.0/1.1, CBOR and REST-JSON. */
    ProtocolDialect JSON = new JsonDialect();

    /** The errors this family words its own way. */
    ProtocolErrors errors();

    /** Gives the response this family's request id headers; returns the id. */
    String assignRequestId(AwsHttpResponse response);

    /** SigV4's canonical URI is the path as sent (S3), not each segment encoded once more (every other service). */
    boolean signsPathAsSent();

    /**
     * Payloads are streamed (S3): the client declares the payload hash in {@code x-amz-content-sha256} (required;
     * UNSIGNED-PAYLOAD for a presigned URL that sends none) and it is checked as the body is read. Otherwise bodies
     * are bounded: hashed up front, whether declared or not.
     */
    boolean streamsPayloads();

    /** S3's legacy Signature Version 2 ({@code Authorization: AWS key:signature}, query authentication). */
    boolean acceptsSigV2();

    /**
     * Unsigned requests reach the service as the anonymous principal even when signatures are verified (S3's data
     * plane: bucket policies and ACLs decide what anyone may do); elsewhere they are refused.
     */
    default boolean acceptsAnonymous() {
        return false;
    }

    /** The bucket is the first path segment although the SDK's bindings leave it out (S3's path-style addressing). */
    boolean addressesBucketInPath();

    /**
     * The path prefix that tells this API's requests apart from another REST API's of the same service (S3 Control's
     * {@code /v20180820/} beside S3), or null when it claims no path of its own.
     */
    default String pathPrefix() {
        return null;
    }

    /** REST-XML: the envelope errors are written in. */
    default ErrorEnvelope xmlErrors() {
        return ErrorEnvelope.REST_XML;
    }
}
