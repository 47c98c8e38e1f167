package dev.overcast.common.protocol;

import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.http.QueryStrings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * An in-memory {@link AwsHttpRequest} for tests: made with {@link #of}, the constructor, a {@link #builder()}, or
 * {@link #fromSdk} from a request the SDK signed. A request from the builder hands out its body once (as a server
 * would); one from {@link #of} or the constructor as often as asked.
 */
public final class TestHttpRequest implements AwsHttpRequest {

    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Supplier<InputStream> body;
    private final long contentLength;
    private final boolean bodyOnce;
    private boolean bodyTaken;

    public TestHttpRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                           byte[] body) {
        this(method, rawPath, rawQuery == null || rawQuery.isEmpty() ? null : rawQuery, headers,
                bytes(body == null ? new byte[0] : body), body == null ? 0 : body.length, false);
    }

    private TestHttpRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                            Supplier<InputStream> body, long contentLength, boolean bodyOnce) {
        this.method = method;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery;
        headers.forEach((k, v) -> this.headers.put(k, new ArrayList<>(v)));
        this.body = body;
        this.contentLength = contentLength;
        this.bodyOnce = bodyOnce;
        this.query = QueryStrings.parse(rawQuery); // as the servlet request does
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

    public static Builder builder() {
        return new Builder();
    }

    /** The request as an HTTP server would receive it after the SDK signed it. */
    public static TestHttpRequest fromSdk(SdkHttpRequest signed, byte[] body) {
        URI uri = signed.getUri();
        Builder b = builder().method(signed.method().name()).rawPath(uri.getRawPath()).rawQuery(uri.getRawQuery());
        boolean host = false;
        for (Map.Entry<String, List<String>> e : signed.headers().entrySet()) {
            for (String v : e.getValue()) {
                b.header(e.getKey(), v);
            }
            host |= e.getKey().equalsIgnoreCase("host");
        }
        if (!host) {
            b.header("Host", defaultPort(signed) ? signed.host() : signed.host() + ":" + signed.port());
        }
        return b.body(body).build();
    }

    private static boolean defaultPort(SdkHttpRequest r) {
        return (r.protocol().equals("https") && r.port() == 443) || (r.protocol().equals("http") && r.port() == 80);
    }

    /** The same request with another body. */
    public TestHttpRequest withBody(byte[] newBody) {
        return new TestHttpRequest(method, rawPath, rawQuery, headers, newBody);
    }

    public Builder toBuilder() {
        Builder b = builder().method(method).rawPath(rawPath).rawQuery(rawQuery);
        headers.forEach((k, vs) -> vs.forEach(v -> b.header(k, v)));
        return b.body(body, contentLength);
    }

    private static Supplier<InputStream> bytes(byte[] body) {
        return () -> new ByteArrayInputStream(body);
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
            if (k.equalsIgnoreCase(name)) {
                all.addAll(v);
            }
        });
        return all;
    }

    @Override
    public Collection<String> headerNames() {
        return List.copyOf(headers.keySet());
    }

    @Override
    public synchronized InputStream body() {
        if (bodyOnce && bodyTaken) {
            throw new IllegalStateException("body already taken");
        }
        bodyTaken = true;
        return body.get();
    }

    /** The whole body (read anew; does not count as taking it). */
    public byte[] bodyBytes() {
        try (InputStream in = body.get()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    public static final class Builder {
        private String method = "GET";
        private String rawPath = "/";
        private String rawQuery;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private Supplier<InputStream> body = bytes(new byte[0]);
        private long contentLength = -1;

        public Builder method(String method) {
            this.method = method.toUpperCase(Locale.ROOT);
            return this;
        }

        public Builder rawPath(String rawPath) {
            this.rawPath = rawPath;
            return this;
        }

        public Builder rawQuery(String rawQuery) {
            this.rawQuery = rawQuery;
            return this;
        }

        /** Path and query as on the request line, e.g. {@code /bucket/key?uploads}. */
        public Builder uri(String rawUri) {
            int q = rawUri.indexOf('?');
            this.rawPath = q < 0 ? rawUri : rawUri.substring(0, q);
            this.rawQuery = q < 0 ? null : rawUri.substring(q + 1);
            return this;
        }

        /** Adds a header value (headers may repeat). */
        public Builder header(String name, String value) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    e.getValue().add(value);
                    return this;
                }
            }
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        public Builder removeHeader(String name) {
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            return this;
        }

        public Builder setHeader(String name, String value) {
            return removeHeader(name).header(name, value);
        }

        public Builder body(byte[] bytes) {
            byte[] copy = bytes.clone();
            return body(bytes(copy), copy.length);
        }

        public Builder body(Supplier<InputStream> body, long contentLength) {
            this.body = body;
            this.contentLength = contentLength;
            return this;
        }

        public TestHttpRequest build() {
            return new TestHttpRequest(method, rawPath, rawQuery, headers, body, contentLength, true);
        }
    }
}
