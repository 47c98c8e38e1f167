package dev.overcast.common.protocol;

import dev.overcast.common.http.AwsHttpRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An in-memory {@link AwsHttpRequest} for codec tests. */
public final class TestHttpRequest implements AwsHttpRequest {

    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final byte[] body;

    public TestHttpRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                           byte[] body) {
        this.method = method;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery == null || rawQuery.isEmpty() ? null : rawQuery;
        headers.forEach((k, v) -> this.headers.put(k, new ArrayList<>(v)));
        this.body = body == null ? new byte[0] : body;
        if (this.rawQuery != null) {
            for (String part : this.rawQuery.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String k = decode(eq < 0 ? part : part.substring(0, eq));
                String v = eq < 0 ? "" : decode(part.substring(eq + 1));
                query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        }
    }

    /** {@code of("GET", "/b/k?tagging")} with headers as name, value pairs. */
    public static TestHttpRequest of(String method, String pathAndQuery, String... headerPairs) {
        int q = pathAndQuery.indexOf('?');
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            h.computeIfAbsent(headerPairs[i], x -> new ArrayList<>()).add(headerPairs[i + 1]);
        }
        return new TestHttpRequest(method, q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
                q < 0 ? null : pathAndQuery.substring(q + 1), h, null);
    }

    public TestHttpRequest withBody(byte[] newBody) {
        return new TestHttpRequest(method, rawPath, rawQuery, headers, newBody);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        return query;
    }

    @Override
    public String header(String name) {
        List<String> v = headers(name);
        return v.isEmpty() ? null : v.get(0);
    }

    @Override
    public List<String> headers(String name) {
        List<String> all = new ArrayList<>();
        headers.forEach((k, v) -> {
            if (k.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                all.addAll(v);
            }
        });
        return all;
    }

    @Override
    public Collection<String> headerNames() {
        return headers.keySet();
    }

    @Override
    public InputStream body() {
        return new ByteArrayInputStream(body);
    }

    public byte[] bodyBytes() {
        return body;
    }

    @Override
    public long contentLength() {
        return body.length;
    }
}
