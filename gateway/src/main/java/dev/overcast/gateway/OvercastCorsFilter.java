package dev.overcast.gateway;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * CORS for browser SDKs: answers preflights locally and lets any origin read the AWS response headers.
 * A response that already carries {@code Access-Control-Allow-Origin} (a service's own CORS rules) is left
 * as it is. S3 requests that name a bucket (path-style or virtual-host) are S3's own business, as on AWS: the
 * bucket's CORS rules answer them, so their preflights and {@code Origin} pass through untouched.
 */
public class OvercastCorsFilter implements WebFilter, Ordered {

    static final String ALLOWED_METHODS = "GET, PUT, POST, DELETE, HEAD";
    /**
     * Carries {@code Access-Control-Request-Method} of a preflight bound for S3 past WebFlux, whose handler
     * mapping would otherwise answer the preflight itself; {@link ServiceRoutingFilter} puts it back.
     */
    static final String PREFLIGHT_METHOD = "x-overcast-preflight-method";

    private final GatewayProperties.Cors cors;
    private final String exposeHeaders;
    private final ServiceRouter router;
    private final VirtualHostBuckets buckets;
    private final String s3Service;

    public OvercastCorsFilter(GatewayProperties properties, ServiceRouter router, VirtualHostBuckets buckets) {
        this.cors = properties.getCors();
        this.exposeHeaders = String.join(", ", cors.getExposeHeaders());
        this.router = router;
        this.buckets = buckets;
        this.s3Service = properties.getS3Service();
    }

    /** Whether the request goes to S3 and names a bucket (S3 answers CORS per bucket). */
    boolean bucketRequest(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        String requestedHeaders = headers.getFirst(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        if (requestedHeaders != null && requestedHeaders.toLowerCase(java.util.Locale.ROOT).contains("x-amz-target")) {
            return false; // a JSON service's preflight
        }
        String rawPath = request.getURI().getRawPath();
        if (rawPath != null && rawPath.startsWith("/_overcast")) {
            return false;
        }
        ServiceRouter.Target target = router.route(headers.getFirst(RoutingConfiguration.AMZ_TARGET),
                headers.getFirst(HttpHeaders.AUTHORIZATION), rawPath, request.getURI().getRawQuery());
        if (target == null || !target.name().equals(s3Service)) {
            return false;
        }
        return buckets.bucketOf(headers.getFirst(HttpHeaders.HOST)) != null
                || (rawPath != null && rawPath.length() > 1 && rawPath.charAt(1) != '/');
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!cors.isEnabled()) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        String origin = request.getHeaders().getFirst(HttpHeaders.ORIGIN);
        if (origin == null) {
            return chain.filter(exchange);
        }
        boolean preflight = request.getMethod() == HttpMethod.OPTIONS
                && request.getHeaders().containsHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
        if (bucketRequest(request)) {
            if (!preflight) {
                return chain.filter(exchange);
            }
            String method = request.getHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
            return chain.filter(exchange.mutate().request(r -> r.headers(h -> {
                h.remove(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
                h.set(PREFLIGHT_METHOD, method);
            })).build());
        }
        ServerHttpResponse response = exchange.getResponse();
        if (preflight) {
            HttpHeaders headers = response.getHeaders();
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
            String requested = request.getHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
            if (requested != null && !requested.isBlank()) {
                headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, requested);
            }
            headers.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposeHeaders);
            headers.set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, Long.toString(cors.getMaxAge()));
            headers.add(HttpHeaders.VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
            headers.setContentLength(0);
            response.setStatusCode(HttpStatus.OK);
            return response.setComplete();
        }
        response.beforeCommit(() -> {
            HttpHeaders headers = response.getHeaders();
            if (!headers.containsHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)) {
                headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
                headers.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposeHeaders);
                headers.add(HttpHeaders.VARY, "Origin");
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
