package dev.overcast.gateway;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * One Spring Cloud Gateway route: its predicate resolves the backend service (and stores it on the
 * exchange); {@link ServiceRoutingFilter} then builds the exact target URL.
 */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    /** Exchange attribute holding the {@link ServiceRouter.Target} of a request. */
    static final String TARGET_ATTR = ServiceRoutingFilter.class.getName() + ".target";

    static final String AMZ_TARGET = "X-Amz-Target";

    /**
     * Event loops of this gateway's own: Reactor Netty's global ones would be disposed when any gateway context in
     * the JVM closes, taking down the others (the sandbox's tests run several gateways in one JVM).
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }

    @Bean
    ServiceRouter serviceRouter(GatewayProperties properties) {
        return new ServiceRouter(properties);
    }

    @Bean
    VirtualHostBuckets virtualHostBuckets(GatewayProperties properties) {
        return new VirtualHostBuckets(properties.getS3BaseDomains());
    }

    @Bean
    RouteLocator overcastRoutes(RouteLocatorBuilder builder, ServiceRouter router) {
        return builder.routes()
                .route("overcast-services", r -> r.predicate(exchange -> {
                    ServerHttpRequest request = exchange.getRequest();
                    HttpHeaders headers = request.getHeaders();
                    ServiceRouter.Target target = router.route(headers.getFirst(AMZ_TARGET),
                            headers.getFirst(HttpHeaders.AUTHORIZATION), request.getURI().getRawPath(),
                            request.getURI().getRawQuery());
                    if (target == null) {
                        return false;
                    }
                    exchange.getAttributes().put(TARGET_ATTR, target);
                    return true;
                }).uri("http://overcast-service.invalid"))
                .build();
    }

    @Bean
    ServiceRoutingFilter serviceRoutingFilter(GatewayProperties properties, VirtualHostBuckets buckets) {
        return new ServiceRoutingFilter(properties, buckets);
    }

    @Bean
    OvercastCorsFilter overcastCorsFilter(GatewayProperties properties, ServiceRouter router, VirtualHostBuckets buckets) {
        return new OvercastCorsFilter(properties, router, buckets);
    }
}
