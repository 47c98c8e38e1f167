package dev.overcast.gateway;

import dev.overcast.common.dispatch.AwsDispatcher;
import dev.overcast.common.dispatch.LocalEndpoints;
import dev.overcast.common.dispatch.ServletAwsHttpRequest;
import dev.overcast.common.dispatch.ServletAwsHttpResponse;
import java.time.Duration;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The handler of every service route. A service in this JVM (the sandbox) gets the request handed to its
 * dispatcher ({@link LocalEndpoints}): the same request, one HTTP parse instead of two. Any other is reached over HTTP
 * by {@link ServiceForwarder}, at its next replica's URL, exactly as received. Either way the answer is written
 * straight to the servlet response ({@link WrittenResponse}).
 */
final class ServiceHandler implements HandlerFunction<ServerResponse> {

    /** How long a request waits for a service of this JVM that is still starting. */
    private static final Duration STARTING = Duration.ofMinutes(2);

    private final ServiceForwarder forwarder;
    private final boolean localHandoff;

    /** @param localHandoff whether a service in this JVM gets requests handed over in-process */
    ServiceHandler(ServiceForwarder forwarder, boolean localHandoff) {
        this.forwarder = forwarder;
        this.localHandoff = localHandoff;
    }

    @Override
    public ServerResponse handle(ServerRequest request) {
        RoutedRequest routed = RoutedRequest.of(request);
        // in the sandbox, a service still starting takes the request once it is up
        LocalEndpoints.awaitStarted(routed.target().localPort(), STARTING);
        AwsDispatcher local = localHandoff ? LocalEndpoints.at(routed.target().localPort()) : null;
        if (local != null) {
            return new WrittenResponse((servletRequest, servletResponse) -> local.handle(
                    new ForwardedRequest(new ServletAwsHttpRequest(servletRequest), routed.path(), routed.originalUri()),
                    new ServletAwsHttpResponse(servletResponse)));
        }
        return new WrittenResponse((servletRequest, servletResponse) ->
                forwarder.forward(servletRequest, servletResponse, routed));
    }
}
