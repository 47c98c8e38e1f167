package dev.overcast.common.protocol.rest;

import dev.overcast.common.error.AwsException;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.http.AwsHttpResponse;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.Operation;
import dev.overcast.common.protocol.AbstractProtocolCodec;
import dev.overcast.common.protocol.model.Member;
import dev.overcast.common.protocol.model.Shape;
import dev.overcast.common.protocol.model.Scalars;
import dev.overcast.common.protocol.model.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.protocol.MarshallingKnownType;

/**
 * What REST-XML and REST-JSON share: routing by HTTP bindings, URI label / query / header members of requests,
 * header and status-code members of responses. Subclasses read and write the body.
 */
public abstract class RestCodec extends AbstractProtocolCodec {

    protected final RestRouter router;

    protected RestCodec(AwsApiDescriptor api) {
        super(api);
        this.router = new RestRouter(api, operations);
    }

    public RestRouter router() {
        return router;
    }

    /** The protocol's error when no operation matches. */
    protected abstract AwsException noMatch(AwsHttpRequest request);

    /** The protocol's error for a member value that does not parse. */
    protected abstract AwsException badValue(String message);

    /** Reads the body members into the builder (not called for streaming-input operations). */
    protected abstract void readBody(AwsHttpRequest request, Shape shape, Object builder);

    /** Parses a structured request body: into {@code explicit}, the payload member, or into the body members when null. */
    @FunctionalInterface
    protected interface StructuredBody<E extends Exception> {
        void read(InputStream in, Member explicit) throws IOException, E;
    }

    /**
     * The body handling REST-JSON and REST-XML share: nothing to read without payload members or without a body; a
     * blob or string payload member takes the raw bytes (if any); anything else is parsed by {@code structured}.
     * The body stream is closed afterwards.
     */
    protected static <E extends Exception> void readPayload(AwsHttpRequest request, Shape shape, Object builder,
            StructuredBody<E> structured) throws IOException, E {
        Member explicit = shape.explicitPayloadMember();
        if (explicit == null && shape.payloadMembers().isEmpty()) {
            return;
        }
        try (InputStream in = request.body()) {
            if (in == null) {
                return;
            }
            if (explicit != null && (explicit.type() == MarshallingKnownType.SDK_BYTES
                    || explicit.type() == MarshallingKnownType.STRING)) {
                byte[] bytes = in.readAllBytes();
                if (bytes.length > 0) {
                    explicit.set(builder, explicit.type() == MarshallingKnownType.STRING
                            ? new String(bytes, StandardCharsets.UTF_8) : SdkBytes.fromByteArray(bytes));
                }
                return;
            }
            structured.read(in, explicit);
        }
    }

    @Override
    public Operation route(AwsHttpRequest request) {
        RestRouter.Match m = router.route(request);
        if (m == null) {
            throw noMatch(request);
        }
        return m.binding().operation();
    }

    @Override
    public SdkRequest readRequest(AwsHttpRequest request, Operation operation) {
        Shape shape = Shape.of(operation.requestType());
        Object builder = shape.newBuilder();
        HttpBinding binding = router.binding(operation.name());
        Map<String, String> labels = binding == null ? null : binding.matchPath(request.rawPath());
        if (labels != null) {
            labels.forEach((label, value) -> {
                Member m = shape.pathMember(label);
                if (m != null) {
                    m.set(builder, parse(value, m, Timestamps.Where.PATH));
                }
            });
        }
        readQuery(request, shape, builder);
        readHeaders(request, shape, builder);
        if (binding == null || !binding.streamingInput()) {
            readBody(request, shape, builder);
        }
        return (SdkRequest) Shape.build(builder);
    }

    private Object parse(String text, Member m, Timestamps.Where where) {
        try {
            return Scalars.parse(text, m, where);
        } catch (IllegalArgumentException e) {
            throw badValue("Invalid value for " + m.name() + ": " + text);
        }
    }

    private void readQuery(AwsHttpRequest request, Shape shape, Object builder) {
        Map<String, List<String>> query = request.queryParameters();
        Set<String> bound = new HashSet<>();
        Member mapMember = null;
        for (Member m : shape.queryMembers()) {
            if (m.type() == MarshallingKnownType.MAP) {
                mapMember = m;
                continue;
            }
            bound.add(m.name());
            List<String> values = query.get(m.name());
            if (values == null || values.isEmpty()) {
                continue;
            }
            if (m.type() == MarshallingKnownType.LIST) {
                List<Object> list = new ArrayList<>();
                for (String v : values) {
                    list.add(parse(v, m.element(), Timestamps.Where.QUERY));
                }
                m.set(builder, list);
            } else {
                m.set(builder, parse(values.get(0), m, Timestamps.Where.QUERY));
            }
        }
        if (mapMember != null) {
            Map<String, Object> map = new LinkedHashMap<>();
            boolean multi = mapMember.mapValue() != null && mapMember.mapValue().type() == MarshallingKnownType.LIST;
            query.forEach((k, v) -> {
                if (!bound.contains(k) && !v.isEmpty()) {
                    map.put(k, multi ? List.copyOf(v) : v.get(0));
                }
            });
            if (!map.isEmpty()) {
                mapMember.set(builder, map);
            }
        }
    }

    private void readHeaders(AwsHttpRequest request, Shape shape, Object builder) {
        for (Member m : shape.headerMembers()) {
            if (m.type() == MarshallingKnownType.MAP) {
                String prefix = m.name().toLowerCase(Locale.ROOT);
                Map<String, String> map = new LinkedHashMap<>();
                for (String h : request.headerNames()) {
                    if (h.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                        // S3 keeps user metadata keys in lower case, as HTTP header names are case-insensitive
                        map.put(h.substring(prefix.length()).toLowerCase(Locale.ROOT),
                                String.join(",", request.headers(h)));
                    }
                }
                if (!map.isEmpty()) {
                    m.set(builder, map);
                }
                continue;
            }
            List<String> values = request.headers(m.name());
            if (values.isEmpty()) {
                continue;
            }
            if (m.type() == MarshallingKnownType.LIST) {
                List<Object> list = new ArrayList<>();
                for (String v : values) {
                    for (String part : v.split(",")) {
                        if (!part.isBlank()) {
                            list.add(parse(part.trim(), m.element(), Timestamps.Where.HEADER));
                        }
                    }
                }
                m.set(builder, list);
            } else {
                m.set(builder, parse(values.get(0), m, Timestamps.Where.HEADER));
            }
        }
    }

    /** Writes the header members and sets the status (the STATUS_CODE member's value, else the given one). */
    protected void writeHead(SdkResponse response, int status, AwsHttpResponse out) {
        Shape shape = Shape.of(response.getClass());
        Member statusMember = shape.statusCodeMember();
        Object statusValue = statusMember == null ? null : statusMember.get(response);
        out.setStatus(statusValue instanceof Number n ? n.intValue() : status);
        for (Member m : shape.headerMembers()) {
            Object v = m.get(response);
            if (v == null) {
                continue;
            }
            if (m.type() == MarshallingKnownType.MAP) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    if (e.getValue() != null) {
                        out.setHeader(m.name() + e.getKey(), e.getValue().toString());
                    }
                }
            } else if (m.type() == MarshallingKnownType.LIST) {
                List<String> parts = new ArrayList<>();
                for (Object e : (Collection<?>) v) {
                    parts.add(Scalars.format(e, m.element(), Timestamps.Where.HEADER));
                }
                if (!parts.isEmpty()) {
                    out.setHeader(m.name(), String.join(",", parts));
                }
            } else {
                out.setHeader(m.name(), Scalars.format(v, m, Timestamps.Where.HEADER));
            }
        }
    }

    @Override
    public void writeResponseHead(SdkResponse response, Operation operation, int status, AwsHttpResponse out) {
        writeHead(response, status, out);
    }

    /** Writes a structured response body: {@code value} of the payload member {@code explicit}, or when that is null the body members of {@code value}. */
    @FunctionalInterface
    protected interface StructuredPayload {
        byte[] write(Shape shape, Member explicit, Object value) throws IOException;
    }

    /**
     * The response body REST-JSON and REST-XML share: empty without a payload; a blob payload member's bytes; a
     * string payload member's text when {@code rawString}; any other payload is written by {@code structured}.
     */
    protected static byte[] responsePayload(SdkResponse response, boolean rawString, StructuredPayload structured)
            throws IOException {
        Shape shape = Shape.of(response.getClass());
        Member explicit = shape.explicitPayloadMember();
        if (explicit != null) {
            Object v = explicit.get(response);
            if (v == null) {
                return new byte[0];
            } else if (explicit.type() == MarshallingKnownType.SDK_BYTES) {
                return ((SdkBytes) v).asByteArray();
            } else if (explicit.type() == MarshallingKnownType.STRING && rawString) {
                return v.toString().getBytes(StandardCharsets.UTF_8);
            }
            return structured.write(shape, explicit, v);
        } else if (!shape.payloadMembers().isEmpty()) {
            return structured.write(shape, null, response);
        }
        return new byte[0];
    }

    protected static void send(AwsHttpResponse out, String contentType, byte[] body) throws IOException {
        if (contentType != null && body.length > 0) {
            out.setHeader("Content-Type", contentType);
        }
        out.setContentLength(body.length);
        if (body.length > 0) {
            try (var os = out.body()) {
                os.write(body);
            }
        }
    }
}
