package dev.overcast.gateway;

import java.util.IdentityHashMap;
import java.util.Map;
import org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions;
import org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The gateway's Spring Cloud Gateway routes, one per configured service ({@code overcast.gateway.services.<name>}):
 * a request {@link ServiceRouter} routed to that service goes to the service's URL with its Host kept, by
 * {@link ServiceHandler}; then one route, {@value #NOT_AVAILABLE}, for the AWS services this deployment does not run.
 * A new service is a new {@code overcast.gateway.services.<name>.*} entry (URL, target prefixes, signing names, path
 * prefixes): its route follows. {@link GatewayFilter} has already routed each request, so it asks only that request's
 * route ({@link #of}) rather than every route in turn.
 */
final class GatewayRoutes {

    static final String NOT_AVAILABLE = "not-available";

    private final Map<ServiceRouter.Target, RouterFunction<ServerResponse>> byTarget = new IdentityHashMap<>();
    private final RouterFunction<ServerResponse> notAvailable;
    private final RouterFunction<ServerResponse> all;

    GatewayRoutes(ServiceRouter router, ServiceHandler services, GatewayErrors errors) {
        notAvailable = GatewayRouterFunctions.route(NOT_AVAILABLE)
                .route(notAvailable(), request -> new WrittenResponse((servletRequest, servletResponse) ->
                        errors.notAvailable(servletRequest, servletResponse, RoutedRequest.of(request).target())))
                .build();
        RouterFunction<ServerResponse> routes = notAvailable;
        for (ServiceRouter.Target target : router.services().values().stream().toList().reversed()) {
            RouterFunction<ServerResponse> route = route(target, services);
            byTarget.put(target, route);
            routes = route.and(routes);
        }
        all = routes;
    }

    /** Every route, in order: the services', then {@value #NOT_AVAILABLE}. */
    RouterFunction<ServerResponse> all() {
        return all;
    }

    /** The route of a request routed to {@code target}. */
    RouterFunction<ServerResponse> of(ServiceRouter.Target target) {
        RouterFunction<ServerResponse> route = byTarget.get(target);
        return route != null ? route : target.available() ? all : notAvailable;
    }

    private static RouterFunction<ServerResponse> route(ServiceRouter.Target target, HandlerFunction<ServerResponse> handler) {
        return GatewayRouterFunctions.route(target.name())
                .route(routedTo(target), handler)
                .before(BeforeFilterFunctions.uri(target.baseUri()))
                .before(BeforeFilterFunctions.preserveHostHeader())
                .build();
    }

    private static RequestPredicate routedTo(ServiceRouter.Target target) {
        return request -> {
            RoutedRequest routed = RoutedRequest.of(request);
            return routed != null && routed.target() == target;
        };
    }

    private static RequestPredicate notAvailable() {
        return request -> {
            RoutedRequest routed = RoutedRequest.of(request);
            return routed != null && !routed.target().available();
        };
    }
}
