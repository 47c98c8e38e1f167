package dev.overcast.common.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.error.CommonErrors;
import dev.overcast.common.http.AwsHttpResponse;
import dev.overcast.common.protocol.json.JsonValueWriter;
import dev.overcast.common.protocol.model.Shape;
import dev.overcast.common.protocol.xml.XmlValueWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.SdkPojo;

/**
 * The error envelope of each AWS protocol, as that protocol's SDKs parse it (so they surface the code, the message
 * and any modelled members). The one renderer of AWS errors in the suite: the codecs write their errors with it, and
 * so does the gateway for the answers it gives itself (a service that is down or not run in this deployment).
 */
public enum ErrorEnvelope {
    /** S3's {@code <Error><Code>…<RequestId>…<HostId>} (REST-XML). */
    REST_XML("application/xml"),
    /** S3 Control's: the same elements, {@code <Code>…<Message>…} inside {@code <ErrorResponse><Error>}, then the ids. */
    REST_XML_WRAPPED("application/xml"),
    /** AWS JSON 1.0: {@code {"__type": code, "message": …}}. */
    JSON_1_0("application/x-amz-json-1.0"),
    /** AWS JSON 1.1. */
    JSON_1_1("application/x-amz-json-1.1"),
    /** JSON 1.1's binary form (Kinesis from the Java SDK). */
    CBOR("application/x-amz-cbor-1.1"),
    /** The query protocol (SQS of old, SNS, STS…): {@code <ErrorResponse><Error><Type><Code><Message>}. */
    QUERY_XML("text/xml"),
    /** REST-JSON (Lambda, MSK): the JSON body, and the code in {@code x-amzn-ErrorType} too. */
    REST_JSON("application/json");

    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final CBORFactory CBOR_FACTORY = new CBORFactory();
    private static final JsonValueWriter JSON_WRITER = new JsonValueWriter(false);
    private static final JsonValueWriter CBOR_WRITER = new JsonValueWriter(true);

    private final String contentType;

    ErrorEnvelope(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The family whose request ids go with this envelope: S3's for REST-XML, the JSON services' for the others. */
    public ProtocolDialect dialect() {
        return this == REST_XML || this == REST_XML_WRAPPED ? ProtocolDialect.S3 : ProtocolDialect.JSON;
    }

    /**
     * Writes {@code error} as the whole answer: status, the error's headers, the envelope (none for HEAD, which has
     * no body).
     *
     * @param typePrefix what precedes the code in a JSON {@code __type} (e.g. {@code com.amazonaws.dynamodb.v20120810#}),
     *                   empty for none
     * @param method     the request's method, or null when unknown
     */
    public void write(AwsException error, String typePrefix, String method, String requestId, AwsHttpResponse out)
            throws IOException {
        out.setStatus(error.status());
        error.headers().forEach(out::setHeader);
        if (this == REST_JSON) {
            out.setHeader("x-amzn-ErrorType", error.code());
        }
        if ("HEAD".equals(method)) {
            out.setContentLength(0);
            return;
        }
        byte[] body = body(error, typePrefix, requestId);
        out.setHeader("Content-Type", contentType);
        out.setContentLength(body.length);
        try (OutputStream os = out.body()) {
            os.write(body);
        }
    }

    private byte[] body(AwsException error, String typePrefix, String requestId) throws IOException {
        return switch (this) {
            case REST_XML, REST_XML_WRAPPED -> {
                boolean wrapped = this == REST_XML_WRAPPED;
                StringBuilder sb = new StringBuilder(XmlValueWriter.DECLARATION).append(wrapped ? "<ErrorResponse>" : "")
                        .append("<Error>");
                element(sb, "Code", error.code());
                element(sb, "Message", error.getMessage());
                for (Map.Entry<String, String> e : error.fields().entrySet()) {
                    element(sb, e.getKey(), e.getValue());
                }
                if (error.details() != null) {
                    XmlValueWriter.writeMembers(sb, Shape.of(error.details().getClass()), error.details());
                }
                if (wrapped) {
                    sb.append("</Error>");
                }
                element(sb, "RequestId", requestId);
                element(sb, "HostId", hostId());
                yield sb.append(wrapped ? "</ErrorResponse>" : "</Error>").toString().getBytes(StandardCharsets.UTF_8);
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
                boolean cbor = this == CBOR;
                try (JsonGenerator g = (cbor ? CBOR_FACTORY : JSON_FACTORY).createGenerator(buf)) {
                    writeJsonBody(g, error, typePrefix, cbor ? CBOR_WRITER : JSON_WRITER);
                }
                yield buf.toByteArray();
            }
        };
    }

    /** {@code {"__type": prefix + code, "message": …, …details}}: the JSON protocols' envelope, CBOR's too. */
    private static void writeJsonBody(JsonGenerator g, AwsException error, String typePrefix, JsonValueWriter writer)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("__type", CommonErrors.qualifiedType(error.code(), typePrefix));
        if (error.getMessage() != null) {
            g.writeStringField(CommonErrors.messageMember(error.code(), typePrefix), encodable(error.getMessage()));
        }
        SdkPojo details = error.details();
        if (details != null) {
            writer.writeMembers(g, Shape.of(details.getClass()), details, Set.of("message", "Message", "__type"));
        }
        g.writeEndObject();
    }

    /**
     * The text with any lone UTF-16 surrogate replaced: a message that quotes the request (a value decoded from
     * CBOR's text strings may hold one) must still be writable as UTF-8.
     */
    private static String encodable(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static void element(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append('<').append(name).append('>').append(XmlValueWriter.escape(value))
                    .append("</").append(name).append('>');
        }
    }

    private static String hostId() {
        byte[] b = new byte[48];
        ThreadLocalRandom.current().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
