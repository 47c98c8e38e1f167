package dev.overcast.gateway;

import dev.overcast.common.dispatch.ServletAwsHttpResponse;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.http.AwsHttpResponse;
import dev.overcast.common.protocol.ErrorEnvelope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * Which AWS protocol's error envelope a request expects, for the answers the gateway gives itself (a service that
 * is down, one this deployment does not run, a request Tomcat refused before it could be routed); the envelope
 * itself is common's ({@link ErrorEnvelope}), as every service writes it.
 */
enum ErrorShape {
    /** S3's {@code <Error><Code>…} (REST-XML). */
    REST_XML(ErrorEnvelope.REST_XML),
    /** AWS JSON 1.0: {@code {"__type": code, "message": …}}. */
    JSON_1_0(ErrorEnvelope.JSON_1_0),
    /** AWS JSON 1.1. */
    JSON_1_1(ErrorEnvelope.JSON_1_1),
    /** JSON 1.1's binary form (Kinesis from the Java SDK). */
    CBOR(ErrorEnvelope.CBOR),
    /** The query protocol (SQS of old, SNS, STS…): {@code <ErrorResponse><Error><Type><Code><Message>}. */
    QUERY_XML(ErrorEnvelope.QUERY_XML),
    /** REST-JSON (Lambda, MSK): the code in {@code x-amzn-ErrorType}, the message in the body. */
    REST_JSON(ErrorEnvelope.REST_JSON);

    private final ErrorEnvelope envelope;
    private final String contentType;

    ErrorShape(ErrorEnvelope envelope) {
        this.envelope = envelope;
        this.contentType = envelope.contentType();
    }

    /**
     * The shape a request expects when nothing else says: the RPC protocols by X-Amz-Target and Content-Type, the
     * query protocol by a form body or an {@code Action} parameter, else {@code fallback}.
     */
    static ErrorShape of(HttpServletRequest request, ErrorShape fallback) {
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (contentType.startsWith(CBOR.contentType)) {
            return CBOR;
        }
        String target = request.getHeader("X-Amz-Target");
        if (target != null) {
            return contentType.startsWith(JSON_1_0.contentType) ? JSON_1_0
                    : contentType.startsWith(JSON_1_1.contentType) ? JSON_1_1
                    : fallback == JSON_1_0 ? JSON_1_0 : JSON_1_1;
        }
        String query = request.getQueryString();
        if (contentType.startsWith("application/x-www-form-urlencoded")
                || (query != null && (query.startsWith("Action=") || query.contains("&Action=")))) {
            return QUERY_XML;
        }
        return fallback;
    }

    /** Writes {@code error} as the whole answer, with common's renderer of this protocol's envelope. */
    void write(HttpServletRequest request, HttpServletResponse response, AwsException error) throws IOException {
        AwsHttpResponse out = new ServletAwsHttpResponse(response);
        envelope.write(error, "", request.getMethod(), envelope.dialect().assignRequestId(out), out);
    }
}
