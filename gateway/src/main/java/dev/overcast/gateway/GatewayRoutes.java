package dev.overcast.gateway;

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
 * prefixes): its route follows.
 */
final class GatewayRoutes {

    static final String NOT_AVAILABLE = "not-available";

    private GatewayRoutes() {
    }

    static RouterFunction<ServerResponse> of(ServiceRouter router, ServiceHandler services, GatewayErrors errors) {
        RouterFunction<ServerResponse> routes = GatewayRouterFunctions.route(NOT_AVAILABLE)
                .route(notAvailable(), request -> ServerResponse.status(501).build((servletRequest, servletResponse) -> {
                    errors.notAvailable(servletRequest, servletResponse, RoutedRequest.of(request).target());
                    return null;
                }))
                .build();
        for (ServiceRouter.Target target : router.services().values().stream().toList().reversed()) {
            routes = route(target, services).and(routes);
        }
        return routes;
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
