package dev.overcast.common.protocol.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.error.CommonErrors;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.http.AwsHttpResponse;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.ErrorEnvelope;
import dev.overcast.common.protocol.Operation;
import dev.overcast.common.protocol.json.JsonValueReader;
import dev.overcast.common.protocol.json.JsonValueWriter;
import dev.overcast.common.protocol.model.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;
import software.amazon.awssdk.core.SdkResponse;

/** The REST-JSON protocol (Lambda, MSK, …). */
public final class RestJsonCodec extends RestCodec {

    public static final String CONTENT_TYPE = "application/json";

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build()).build();

    private final JsonValueReader reader = new JsonValueReader(false);
    private final JsonValueWriter writer = new JsonValueWriter(false);

    public RestJsonCodec(AwsApiDescriptor api) {
        super(api);
    }

    @Override
    protected AwsException noMatch(AwsHttpRequest request) {
        return new AwsException("UnknownOperationException", 404,
                "No operation matches " + request.method() + " " + request.rawPath());
    }

    @Override
    protected AwsException badValue(String message) {
        return CommonErrors.serialization(message);
    }

    @Override
    protected void readBody(AwsHttpRequest request, Shape shape, Object builder) {
        try {
            readPayload(request, shape, builder, (in, explicit) -> {
                JsonParser p = JSON.createParser(in);
                if (explicit == null) {
                    reader.readDocument(p, shape, builder);
                    return;
                }
                JsonToken t = p.nextToken();
                if (t != null) {
                    Object v = reader.readValue(p, t, explicit);
                    if (v != null) {
                        explicit.set(builder, v);
                    }
                    if (p.nextToken() != null) {
                        throw CommonErrors.serialization("Unexpected content after the end of the JSON value");
                    }
                }
            });
        } catch (AwsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw CommonErrors.serialization("Could not parse the request body: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void writeResponse(SdkResponse response, Operation operation, AwsHttpResponse out) throws IOException {
        writeHead(response, 200, out);
        byte[] body = responsePayload(response, true, (shape, explicit, v) -> explicit != null
                ? json(g -> writer.writeValue(g, explicit, v))
                : json(g -> {
                    g.writeStartObject();
                    writer.writeMembers(g, shape, v, Set.of());
                    g.writeEndObject();
                }));
        send(out, CONTENT_TYPE, body);
    }

    @Override
    public void writeError(AwsException error, AwsHttpRequest request, String requestId, AwsHttpResponse out)
            throws IOException {
        ErrorEnvelope.REST_JSON.write(error, api.errorTypePrefix(), request == null ? null : request.method(),
                requestId, out);
    }

    private interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(JsonBody body) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(buf)) {
            body.write(g);
        }
        return buf.toByteArray();
    }
}
