package dev.overcast.common.protocol.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.overcast.common.api.RawJsonResponse;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.error.CommonErrors;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.http.AwsHttpResponse;
import dev.overcast.common.protocol.AbstractProtocolCodec;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.ErrorEnvelope;
import dev.overcast.common.protocol.Operation;
import dev.overcast.common.protocol.Protocol;
import dev.overcast.common.protocol.model.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

/**
 * The AWS JSON 1.0 / 1.1 RPC protocol, routed by {@code X-Amz-Target}, with its CBOR variant (requests with
 * {@code Content-Type: application/x-amz-cbor-1.1} are read and answered in CBOR).
 */
public final class JsonRpcCodec extends AbstractProtocolCodec {

    public static final String CBOR_CONTENT_TYPE = "application/x-amz-cbor-1.1";

    /** Map keys up to the longest the APIs take (DynamoDB's attribute names: 64 KB), so that the model's check answers. */
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder().maxNestingDepth(200)
            .maxNameLength(256 * 1024).build();
    static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(LIMITS).build();
    static final CBORFactory CBOR = CBORFactory.builder().streamReadConstraints(LIMITS).build();

    /** The wire format of the request being processed on this thread, for {@link #writeResponse}. */
    private static final ThreadLocal<Boolean> CURRENT_CBOR = new ThreadLocal<>();

    /** The members of the request being processed on this thread that its SDK model lacks, for {@link #membersBeyondModel}. */
    private static final ThreadLocal<Map<String, String>> BEYOND_MODEL = new ThreadLocal<>();

    private final Map<String, Operation> byName = new HashMap<>();
    private final String jsonContentType;
    private final JsonValueReader jsonReader = new JsonValueReader(false);
    private final JsonValueReader cborReader = new JsonValueReader(true);
    private final JsonValueWriter jsonWriter = new JsonValueWriter(false);
    private final JsonValueWriter cborWriter = new JsonValueWriter(true);

    public JsonRpcCodec(AwsApiDescriptor api) {
        super(api);
        for (Operation op : operations) {
            byName.put(op.name(), op); // shapes are read on first use: starting must not initialise every model class
        }
        this.jsonContentType = api.protocol() == Protocol.AWS_JSON_1_0
                ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
    }

    @Override
    public Operation route(AwsHttpRequest request) {
        String target = request.header("X-Amz-Target");
        if (target == null || target.isBlank()) {
            throw CommonErrors.unknownOperation(null);
        }
        int dot = target.lastIndexOf('.');
        String action = dot < 0 ? target : target.substring(dot + 1);
        if (dot < 0 || !target.substring(0, dot).equals(api.targetPrefix())) {
            throw CommonErrors.unknownOperation(target);
        }
        Operation op = byName.get(action);
        if (op == null) {
            throw CommonErrors.unknownOperation(action);
        }
        return op;
    }

    /**
     * The members of the request just read on this thread that the served SDK model lacks (AWS added them since): JSON
     * pointer (e.g. {@code /ApplicationConfiguration/ApplicationSystemRollbackConfiguration}) to the value's JSON text.
     * Empty for a CBOR request. A handler that serves such a member reads it here; others never see them.
     */
    public static Map<String, String> membersBeyondModel() {
        Map<String, String> beyond = BEYOND_MODEL.get();
        return beyond == null ? Map.of() : java.util.Collections.unmodifiableMap(beyond);
    }

    /** Whether the request is in CBOR. */
    public static boolean isCbor(AwsHttpRequest request) {
        String ct = request.header("Content-Type");
        return ct != null && ct.toLowerCase(java.util.Locale.ROOT).startsWith(CBOR_CONTENT_TYPE);
    }

    @Override
    public SdkRequest readRequest(AwsHttpRequest request, Operation operation) {
        boolean cbor = isCbor(request);
        CURRENT_CBOR.set(cbor);
        BEYOND_MODEL.set(cbor ? Map.of() : jsonReader.keepBeyondModel());
        Shape shape = Shape.of(operation.requestType());
        Object builder = shape.newBuilder();
        try (InputStream in = request.body()) {
            if (in != null) {
                JsonParser p = cbor ? CBOR.createParser(in) : JSON.createParser(new StrictUtf8InputStream(in));
                (cbor ? cborReader : jsonReader).readDocument(p, shape, builder);
            }
        } catch (IOException e) {
            throw JsonValueReader.asSerialization(e);
        }
        return (SdkRequest) Shape.build(builder);
    }

    @Override
    public void writeResponse(SdkResponse response, Operation operation, AwsHttpResponse out) throws IOException {
        writeResponse(response, Map.of(), Boolean.TRUE.equals(CURRENT_CBOR.get()), out);
    }

    @Override
    public void writeResponse(SdkResponse response, Operation operation, AwsHttpRequest request, AwsHttpResponse out)
            throws IOException {
        writeResponse(response, Map.of(), isCbor(request), out);
    }

    @Override
    public void writeResponse(RawJsonResponse<?> response, Operation operation, AwsHttpRequest request, AwsHttpResponse out)
            throws IOException {
        writeResponse(response.response(), response.raw(), isCbor(request), out);
    }

    /** The response's members, those named in {@code raw} as the JSON text given there (JSON only). */
    private void writeResponse(SdkResponse response, Map<String, String> raw, boolean cbor, AwsHttpResponse out)
            throws IOException {
        if (cbor && !raw.isEmpty()) {
            throw new IllegalStateException("raw JSON members " + raw.keySet() + " for a CBOR request");
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        try (JsonGenerator g = (cbor ? CBOR : JSON).createGenerator(buf)) {
            g.writeStartObject();
            (cbor ? cborWriter : jsonWriter).writeMembers(g, Shape.of(response.getClass()), response, raw.keySet());
            for (Map.Entry<String, String> e : raw.entrySet()) {
                g.writeFieldName(e.getKey());
                g.writeRawValue(e.getValue());
            }
            g.writeEndObject();
        }
        send(out, 200, cbor, buf.toByteArray());
    }

    @Override
    public void writeResponseHead(SdkResponse response, Operation operation, int status, AwsHttpResponse out) {
        out.setStatus(status);
        out.setHeader("Content-Type", Boolean.TRUE.equals(CURRENT_CBOR.get()) ? CBOR_CONTENT_TYPE : jsonContentType);
    }

    @Override
    public void writeError(AwsException error, AwsHttpRequest request, String requestId, AwsHttpResponse out)
            throws IOException {
        ErrorEnvelope envelope = request != null && isCbor(request) ? ErrorEnvelope.CBOR
                : api.protocol() == Protocol.AWS_JSON_1_0 ? ErrorEnvelope.JSON_1_0 : ErrorEnvelope.JSON_1_1;
        envelope.write(error, api.errorTypePrefix(), request == null ? null : request.method(), requestId, out);
    }

    private void send(AwsHttpResponse out, int status, boolean cbor, byte[] body) throws IOException {
        out.setStatus(status);
        out.setHeader("Content-Type", cbor ? CBOR_CONTENT_TYPE : jsonContentType);
        out.setContentLength(body.length);
        try (OutputStream os = out.body()) {
            os.write(body);
        }
    }
}
