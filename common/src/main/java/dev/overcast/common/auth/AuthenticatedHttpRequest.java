package dev.overcast.common.auth;

import dev.overcast.common.http.AwsHttpRequest;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The original request with its body replaced by the payload to hand on (decoded, verifying). For an aws-chunked
 * body, {@code aws-chunked} is removed from {@code Content-Encoding} (the header disappears when nothing else is
 * left) and {@link #contentLength()} is the decoded length ({@code x-amz-decoded-content-length}, -1 if absent).
 */
final class AuthenticatedHttpRequest implements AwsHttpRequest {

    private final AwsHttpRequest delegate;
    private final Supplier<InputStream> bodySupplier;
    private final boolean chunked;
    private final long contentLength;
    private InputStream body;

    AuthenticatedHttpRequest(AwsHttpRequest delegate, Supplier<InputStream> bodySupplier, boolean chunked,
                             long contentLength) {
        this.delegate = delegate;
        this.bodySupplier = bodySupplier;
        this.chunked = chunked;
        this.contentLength = contentLength;
    }

    /** The request as received (body included, not yet read). */
    AwsHttpRequest original() {
        return delegate;
    }

    @Override
    public String method() {
        return delegate.method();
    }

    @Override
    public String rawPath() {
        return delegate.rawPath();
    }

    @Override
    public String rawQuery() {
        return delegate.rawQuery();
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        return delegate.queryParameters();
    }

    @Override
    public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = delegate.headers(name);
        // aws-chunked is never part of what S3 stores, framed body or not (Content-Encoding: gzip, aws-chunked on a
        // plain body is stored as gzip)
        if ("content-encoding".equalsIgnoreCase(name) && namesAwsChunked(values)) {
            return withoutAwsChunked(values);
        }
        return values;
    }

    @Override
    public Collection<String> headerNames() {
        Collection<String> names = delegate.headerNames();
        if (!namesAwsChunked(delegate.headers("Content-Encoding"))) {
            return names;
        }
        List<String> result = new ArrayList<>(names.size());
        for (String n : names) {
            if (!"content-encoding".equalsIgnoreCase(n) || !withoutAwsChunked(delegate.headers(n)).isEmpty()) {
                result.add(n);
            }
        }
        return result;
    }

    @Override
    public synchronized InputStream body() {
        if (body == null) {
            body = bodySupplier.get();
        }
        return body;
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    private static boolean namesAwsChunked(List<String> values) {
        for (String value : values) {
            if (value.toLowerCase(Locale.ROOT).contains("aws-chunked")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> withoutAwsChunked(List<String> values) {
        List<String> result = new ArrayList<>(values.size());
        for (String value : values) {
            StringBuilder sb = new StringBuilder();
            for (String coding : value.split(",")) {
                String c = coding.trim();
                if (!c.isEmpty() && !c.toLowerCase(Locale.ROOT).equals("aws-chunked")) {
                    if (!sb.isEmpty()) {
                        sb.append(',');
                    }
                    sb.append(c);
                }
            }
            if (!sb.isEmpty()) {
                result.add(sb.toString());
            }
        }
        return result;
    }
}
