package dev.overcast.common.protocol.rest;

import dev.overcast.common.protocol.Operation;
import java.lang.reflect.Field;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.core.OperationInfo;

/**
 * The HTTP binding of one REST operation, from the SDK's own marshaller: method, path template with
 * {@code {Label}} / {@code {Label+}} segments and literal query keys.
 */
public final class HttpBinding {

    private final Operation operation;
    private final String method;
    private final String template;
    private final List<String> segments;
    private final Map<String, String> literalQuery;
    private final boolean streamingInput;

    HttpBinding(Operation operation, String method, String template, boolean streamingInput) {
        this.operation = operation;
        this.method = method;
        this.template = template;
        this.streamingInput = streamingInput;
        int q = template.indexOf('?');
        String path = q < 0 ? template : template.substring(0, q);
        this.segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        this.literalQuery = new LinkedHashMap<>();
        if (q >= 0) {
            for (String part : template.substring(q + 1).split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                literalQuery.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? null : part.substring(eq + 1));
            }
        }
    }

    /**
     * Reads {@code SDK_OPERATION_BINDING} of {@code <modelPackage>.transform.<Action>RequestMarshaller}; for S3
     * addressing the bucket label the SDK leaves to its endpoint rules is put back in front.
     */
    static HttpBinding of(String modelPackage, Operation op, boolean bucketInPath, boolean hasBucketPath) {
        OperationInfo info;
        try {
            Class<?> marshaller = Class.forName(modelPackage + ".transform." + op.name() + "RequestMarshaller",
                    false, op.requestType().getClassLoader());
            Field f = marshaller.getDeclaredField("SDK_OPERATION_BINDING");
            f.setAccessible(true);
            info = (OperationInfo) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
        if (info == null || info.httpMethod() == null) {
            return null;
        }
        String uri = info.requestUri() == null ? "" : info.requestUri().trim();
        if (bucketInPath && hasBucketPath) {
            if (uri.isEmpty() || uri.equals("/")) {
                uri = "/{Bucket}";
            } else if (uri.startsWith("?")) {
                uri = "/{Bucket}" + uri;
            } else if (!uri.startsWith("/{Bucket}")) {
                uri = "/{Bucket}" + (uri.startsWith("/") ? uri : "/" + uri);
            }
        }
        if (uri.isEmpty()) {
            uri = "/";
        }
        return new HttpBinding(op, info.httpMethod().name(), uri, info.hasStreamingInput());
    }

    public Operation operation() {
        return operation;
    }

    public String method() {
        return method;
    }

    public String template() {
        return template;
    }

    public boolean streamingInput() {
        return streamingInput;
    }

    public Map<String, String> literalQuery() {
        return literalQuery;
    }

    /** The URI labels of a matching raw path (decoded), or {@code null} when the path does not match. */
    public Map<String, String> matchPath(String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        int pos = path.startsWith("/") ? 1 : 0;
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String seg = segments.get(i);
            boolean label = seg.startsWith("{") && seg.endsWith("}");
            if (label && seg.endsWith("+}")) {
                String rest = path.substring(Math.min(pos, path.length()));
                if (rest.isEmpty()) {
                    return null;
                }
                labels.put(seg.substring(1, seg.length() - 2), decode(rest));
                return labels;
            }
            if (pos > path.length()) {
                return null;
            }
            int slash = path.indexOf('/', pos);
            String actual = slash < 0 ? path.substring(pos) : path.substring(pos, slash);
            if (actual.isEmpty()) {
                return null;
            }
            if (label) {
                labels.put(seg.substring(1, seg.length() - 1), decode(actual));
            } else if (!decode(actual).equals(seg)) {
                return null;
            }
            pos = slash < 0 ? path.length() + 1 : slash + 1;
        }
        // whatever remains must be nothing or a single trailing slash
        return pos >= path.length() ? labels : null;
    }

    /** Whether the literal query keys (and values, when the template gives one) are present. */
    public boolean matchQuery(Map<String, List<String>> query) {
        for (Map.Entry<String, String> e : literalQuery.entrySet()) {
            List<String> values = query.get(e.getKey());
            if (values == null) {
                return false;
            }
            if (e.getValue() != null && !values.contains(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return operation.name() + " " + method + " " + template;
    }
}
