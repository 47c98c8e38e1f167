package dev.overcast.common.dispatch;

import dev.overcast.common.http.AwsHttpResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/** A servlet response seen through {@link AwsHttpResponse}. */
public record ServletAwsHttpResponse(HttpServletResponse response) implements AwsHttpResponse {

    @Override
    public void setStatus(int status) {
        response.setStatus(status);
    }

    @Override
    public void setHeader(String name, String value) {
        ResponseHeaders.set(response, name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        response.addHeader(name, value);
    }

    @Override
    public void setContentLength(long length) {
        response.setContentLengthLong(length);
    }

    @Override
    public OutputStream body() throws IOException {
        return response.getOutputStream();
    }
}
