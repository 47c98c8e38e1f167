package dev.overcast.common.dispatch;

import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.http.QueryStrings;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A servlet request seen through {@link AwsHttpRequest}. */
public final class ServletAwsHttpRequest implements AwsHttpRequest {

    /** The request attribute that sends the 100 Continue a request waits for (set where Tomcat gives it). */
    public static final String CONTINUE_ATTRIBUTE = "dev.overcast.continue";

    private final HttpServletRequest request;
    private Map<String, List<String>> query;

    public ServletAwsHttpRequest(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String rawPath() {
        return request.getRequestURI();
    }

    @Override
    public String rawQuery() {
        return request.getQueryString();
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        if (query == null) {
            query = QueryStrings.parse(request.getQueryString());
        }
        return query;
    }

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public List<String> headers(String name) {
        return Collections.list(request.getHeaders(name));
    }

    @Override
    public Collection<String> headerNames() {
        return Collections.list(request.getHeaderNames());
    }

    @Override
    public InputStream body() {
        try {
            return request.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void continueBody() {
        if (request.getAttribute(CONTINUE_ATTRIBUTE) instanceof Runnable sendContinue) {
            sendContinue.run();
        }
    }

    @Override
    public long contentLength() {
        return request.getContentLengthLong();
    }
}
