package dev.overcast.common.protocol;

import dev.overcast.common.http.AwsHttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An in-memory {@link AwsHttpResponse} for codec tests. */
public final class TestHttpResponse implements AwsHttpResponse {

    public int status = 200;
    public final Map<String, List<String>> headers = new LinkedHashMap<>();
    public final ByteArrayOutputStream body = new ByteArrayOutputStream();
    public long contentLength = -1;

    @Override
    public void setStatus(int status) {
        this.status = status;
    }

    @Override
    public void setHeader(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(List.of(value)));
    }

    @Override
    public void addHeader(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
    }

    @Override
    public void setContentLength(long length) {
        contentLength = length;
        setHeader("Content-Length", Long.toString(length));
    }

    @Override
    public OutputStream body() {
        return body;
    }

    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null ? null : v.get(0);
    }

    public String bodyText() {
        return body.toString(StandardCharsets.UTF_8);
    }
}
