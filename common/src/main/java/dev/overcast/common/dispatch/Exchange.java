package dev.overcast.common.dispatch;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.http.AwsHttpRequest;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;

/**
 * A request as the dispatcher answered it, for {@link DispatchHook#completed} (S3's server access logs).
 *
 * @param context         the authenticated request, or null when it failed before (signature, routing)
 * @param operation       the action, or null when none was routed
 * @param decoded         the request the handler got (after {@link DispatchHook#resolve}), or null
 * @param errorCode       the error answered, or null
 * @param bytesSent       body bytes written
 * @param responseHeaders the headers the response was given (names as set)
 * @param firstByteNanos  {@link System#nanoTime()} when the body started, or when the answer was complete if it had none
 */
public record Exchange(AwsHttpRequest request, String requestId, RequestContext context, String operation,
                       SdkRequest decoded, int status, String errorCode, long bytesSent,
                       Map<String, String> responseHeaders, long startNanos, long firstByteNanos, long endNanos) {

    /** A response header as set, case-insensitive, or null. */
    public String responseHeader(String name) {
        for (Map.Entry<String, String> e : responseHeaders.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
