package dev.overcast.common.api;

import java.io.IOException;
import java.io.OutputStream;
import software.amazon.awssdk.core.SdkResponse;

/**
 * A response whose body the handler streams itself (S3 GetObject). The codec writes the status and the
 * response's header members (and {@link #contentType}, when given, in place of the protocol's own: an event stream's
 * {@code application/vnd.amazon.eventstream}); then {@link #body} writes {@link #contentLength} bytes (-1: until it
 * returns).
 */
public record StreamingResponse<R extends SdkResponse>(R response, int status, long contentLength, String contentType,
                                                       BodyWriter body) {

    public StreamingResponse(R response, int status, long contentLength, BodyWriter body) {
        this(response, status, contentLength, null, body);
    }

    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    public static <R extends SdkResponse> StreamingResponse<R> ok(R response, long contentLength, BodyWriter body) {
        return new StreamingResponse<>(response, 200, contentLength, body);
    }

    /** A body of its own media type and unknown length, written (and flushed) as it comes. */
    public static <R extends SdkResponse> StreamingResponse<R> stream(R response, String contentType, BodyWriter body) {
        return new StreamingResponse<>(response, 200, -1, contentType, body);
    }

    /** A response with headers only (HEAD). */
    public static <R extends SdkResponse> StreamingResponse<R> headersOnly(R response, int status) {
        return new StreamingResponse<>(response, status, -1, null);
    }
}
