package dev.overcast.common.dispatch;

import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.http.AwsHttpResponse;
import dev.overcast.common.api.RequestContext;
import java.io.IOException;
import software.amazon.awssdk.core.SdkRequest;

/**
 * A service's say over requests that are no operation of its API model, or that need headers the model does not
 * describe: S3's CORS (preflight {@code OPTIONS} and CORS headers on actual requests) and browser-form
 * {@code POST} uploads. Beans of this type are consulted by the {@link AwsDispatcher} in bean order, after the
 * request id headers are set and before SigV4 and routing. An {@link dev.overcast.common.error.AwsException}
 * thrown by either method is written as the protocol's error.
 */
public interface DispatchHook {

    /** Called for every request first; may set response headers. */
    default void beforeDispatch(AwsHttpRequest request, AwsHttpResponse response) {
    }

    /** Whether this hook answers the request itself, instead of SigV4 and the operation router. */
    default boolean answers(AwsHttpRequest request) {
        return false;
    }

    /** Answers a request {@link #answers accepted}: status, headers and body. */
    default void answer(String requestId, AwsHttpRequest request, AwsHttpResponse response) throws IOException {
    }

    /**
     * Called once the request is authenticated, routed, decoded and valid, before {@link #beforeInvoke}: may answer
     * the request the handler gets instead (S3: an access point alias in place of a bucket name becomes the bucket's).
     */
    default SdkRequest resolve(RequestContext context, String operation, SdkRequest request) {
        return request;
    }

    /**
     * Called once the request is authenticated, routed, decoded and valid, just before its handler: a service's rules
     * that hold for every action alike (Kinesis's per-account API rates) throw their error here.
     */
    default void beforeInvoke(RequestContext context, String operation, SdkRequest request) {
    }

    /**
     * Whether this hook wants {@link #completed} calls; the dispatcher tracks a response's status, headers and bytes
     * only when one does.
     */
    default boolean observesCompletion() {
        return false;
    }

    /**
     * Called once the request is answered (successfully or not), after the response went out; what it throws is
     * logged, never answered. S3's server access logs record requests here.
     */
    default void completed(Exchange exchange) {
    }
}
