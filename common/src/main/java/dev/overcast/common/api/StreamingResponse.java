package dev.overcast.common.api;

import java.io.IOException;
import java.io.OutputStream;
import software.amazon.awssdk.core.SdkResponse;

/**
 * A response whose body the handler streams itself (S3 GetObject). The codec writes the status and the
 * response's header members; then {@link #body} writes {@link #contentLength} bytes.
 */
public record StreamingResponse<R extends SdkResponse>(R response, int status, long contentLength, BodyWriter body) {

    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    public static <R extends SdkResponse> StreamingResponse<R> ok(R response, long contentLength, BodyWriter body) {
        return new StreamingResponse<>(response, 200, contentLength, body);
    }

    /** A response with headers only (HEAD). */
    public static <R extends SdkResponse> StreamingResponse<R> headersOnly(R response, int status) {
        return new StreamingResponse<>(response, status, -1, null);
    }
}
