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
 * as it is.
 */
public class OvercastCorsFilter implements WebFilter, Ordered {

    static final String ALLOWED_METHODS = "GET, PUT, POST, DELETE, HEAD";

    private final GatewayProperties.Cors cors;
    private final String exposeHeaders;

    public OvercastCorsFilter(GatewayProperties.Cors cors) {
        this.cors = cors;
        this.exposeHeaders = String.join(", ", cors.getExposeHeaders());
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
        ServerHttpResponse response = exchange.getResponse();
        if (request.getMethod() == HttpMethod.OPTIONS
                && request.getHeaders().containsHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)) {
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
