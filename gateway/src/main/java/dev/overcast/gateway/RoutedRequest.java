package dev.overcast.gateway;

import org.springframework.web.servlet.function.ServerRequest;

/**
 * Where {@link GatewayFilter} routed a request, kept in a request attribute for the gateway's routes: the service,
 * the path to send (a virtual-host bucket prepended), the raw query, and the client's raw path and query when the
 * path was rewritten ({@value dev.overcast.common.auth.SigV4Authenticator#ORIGINAL_URI_HEADER}).
 */
record RoutedRequest(ServiceRouter.Target target, String path, String rawQuery, String originalUri) {

    static final String ATTRIBUTE = RoutedRequest.class.getName();

    /** The routed request behind {@code request}, or null when the gateway did not route it. */
    static RoutedRequest of(ServerRequest request) {
        return (RoutedRequest) request.servletRequest().getAttribute(ATTRIBUTE);
    }

    /** The path and query to send to the service. */
    String pathAndQuery() {
        return rawQuery == null ? path : path + "?" + rawQuery;
    }
}
