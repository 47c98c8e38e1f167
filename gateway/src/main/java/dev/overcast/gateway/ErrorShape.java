package dev.overcast.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.overcast.common.protocol.RequestIds;
import dev.overcast.common.dispatch.ResponseHeaders;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.protocol.xml.XmlValueWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The error envelope of each AWS protocol, for the answers the gateway gives itself (a service that is down, one
 * this deployment does not run, a request Tomcat refused before it could be routed): as the SDKs of that protocol
 * parse it, so they surface the code and message.
 */
enum ErrorShape {
    /** S3's {@code <Error><Code>…} (REST-XML). */
    REST_XML("application/xml"),
    /** AWS JSON 1.0: {@code {"__type": code, "message": …}}. */
    JSON_1_0("application/x-amz-json-1.0"),
    /** AWS JSON 1.1. */
    JSON_1_1("application/x-amz-json-1.1"),
    /** JSON 1.1's binary form (Kinesis from the Java SDK). */
    CBOR("application/x-amz-cbor-1.1"),
    /** The query protocol (SQS of old, SNS, STS…): {@code <ErrorResponse><Error><Type><Code><Message>}. */
    QUERY_XML("text/xml"),
    /** REST-JSON (Lambda, MSK): the code in {@code x-amzn-ErrorType}, the message in the body. */
    REST_JSON("application/json");

    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR_FACTORY = new CBORFactory();

    private final String contentType;

    ErrorShape(String contentType) {
        this.contentType = contentType;
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

    /** Writes {@code error} as the whole answer. */
    void write(HttpServletRequest request, HttpServletResponse response, AwsException error) throws IOException {
        String requestId;
        if (this == REST_XML) {
            requestId = RequestIds.s3RequestId();
            response.setHeader("x-amz-request-id", requestId);
            response.setHeader("x-amz-id-2", RequestIds.s3HostId());
        } else {
            requestId = RequestIds.uuid();
            response.setHeader("x-amzn-RequestId", requestId);
        }
        if (this == REST_JSON) {
            response.setHeader("x-amzn-ErrorType", error.code());
        }
        error.headers().forEach(response::setHeader);
        byte[] body = body(error, requestId);
        response.setStatus(error.status());
        ResponseHeaders.set(response, "Content-Type", contentType);
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    private byte[] body(AwsException error, String requestId) throws IOException {
        return switch (this) {
            case REST_XML -> {
                StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>");
                element(sb, "Code", error.code());
                element(sb, "Message", error.getMessage());
                for (Map.Entry<String, String> field : error.fields().entrySet()) {
                    element(sb, field.getKey(), field.getValue());
                }
                element(sb, "RequestId", requestId);
                yield sb.append("</Error>").toString().getBytes(StandardCharsets.UTF_8);
            }
            case QUERY_XML -> {
                StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<ErrorResponse><Error>");
                element(sb, "Type", error.senderFault() ? "Sender" : "Receiver");
                element(sb, "Code", error.code());
                element(sb, "Message", error.getMessage());
                sb.append("</Error>");
                element(sb, "RequestId", requestId);
                yield sb.append("</ErrorResponse>").toString().getBytes(StandardCharsets.UTF_8);
            }
            case JSON_1_0, JSON_1_1, REST_JSON, CBOR -> {
                ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
                try (JsonGenerator g = (this == CBOR ? CBOR_FACTORY : JSON).createGenerator(buf)) {
                    g.writeStartObject();
                    g.writeStringField("__type", error.code());
                    g.writeStringField("message", error.getMessage());
                    g.writeEndObject();
                }
                yield buf.toByteArray();
            }
        };
    }

    private static void element(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append('<').append(name).append('>').append(XmlValueWriter.escape(value)).append("</").append(name).append('>');
        }
    }
}
