package dev.overcast.common.auth;

import dev.overcast.common.http.AwsHttpRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpRequest;

/** An in-memory {@link AwsHttpRequest} for tests, built by hand or from a request the SDK signed. */
public final class TestHttpRequest implements AwsHttpRequest {

    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, List<String>> headers;
    private final Supplier<InputStream> body;
    private final long contentLength;
    private boolean bodyTaken;

    private TestHttpRequest(Builder b) {
        this.method = b.method;
        this.rawPath = b.rawPath;
        this.rawQuery = b.rawQuery;
        this.headers = new LinkedHashMap<>(b.headers);
        this.body = b.body;
        this.contentLength = b.contentLength;
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

    public Builder toBuilder() {
        Builder b = builder().method(method).rawPath(rawPath).rawQuery(rawQuery);
        headers.forEach((k, vs) -> vs.forEach(v -> b.header(k, v)));
        b.body = body;
        b.contentLength = contentLength;
        return b;
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
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    @Override
    public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public List<String> headers(String name) {
        List<String> result = new ArrayList<>();
        headers.forEach((k, vs) -> {
            if (k.equalsIgnoreCase(name)) {
                result.addAll(vs);
            }
        });
        return result;
    }

    @Override
    public Collection<String> headerNames() {
        return List.copyOf(headers.keySet());
    }

    @Override
    public synchronized InputStream body() {
        if (bodyTaken) {
            throw new IllegalStateException("body already taken");
        }
        bodyTaken = true;
        return body.get();
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
        private Supplier<InputStream> body = () -> new ByteArrayInputStream(new byte[0]);
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
            this.body = () -> new ByteArrayInputStream(copy);
            this.contentLength = copy.length;
            return this;
        }

        public Builder body(Supplier<InputStream> body, long contentLength) {
            this.body = body;
            this.contentLength = contentLength;
            return this;
        }

        public TestHttpRequest build() {
            return new TestHttpRequest(this);
        }
    }
}
