package dev.overcast.gateway;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

/**
 * Sends a routed request to its service: the target URL is the service's base URL plus the raw path and
 * raw query, byte for byte (no decoding and re-encoding); virtual-host-style S3 requests get the bucket
 * prepended to the path and {@value #ORIGINAL_URI} set to what the client signed; the Host header is
 * preserved. A service that cannot be reached gives 503.
 */
public class ServiceRoutingFilter implements GlobalFilter, Ordered {

    /** Header carrying the client's raw path and query when the gateway rewrote them. */
    public static final String ORIGINAL_URI = "x-overcast-original-uri";

    private static final Logger log = LoggerFactory.getLogger(ServiceRoutingFilter.class);

    private final GatewayProperties properties;
    private final VirtualHostBuckets buckets;

    public ServiceRoutingFilter(GatewayProperties properties, VirtualHostBuckets buckets) {
        this.properties = properties;
        this.buckets = buckets;
    }

    @Override
    public int getOrder() {
        // where RouteToRequestUrlFilter would run (it is disabled); before NettyRoutingFilter
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServiceRouter.Target target = exchange.getAttribute(RoutingConfiguration.TARGET_ATTR);
        if (target == null) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        URI uri = request.getURI();
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String rawQuery = uri.getRawQuery();
        String bucket = target.name().equals(properties.getS3Service())
                ? buckets.bucketOf(request.getHeaders().getFirst(HttpHeaders.HOST)) : null;
        String path = bucket == null ? rawPath : "/" + bucket + rawPath;
        StringBuilder url = new StringBuilder(target.url().length() + path.length() + 64).append(target.url()).append(path);
        if (rawQuery != null) {
            url.append('?').append(rawQuery);
        }
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, URI.create(url.toString()));
        exchange.getAttributes().put(ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE, true);
        boolean expectContinue = request.getHeaders().containsHeader(HttpHeaders.EXPECT);
        String preflightMethod = request.getHeaders().getFirst(OvercastCorsFilter.PREFLIGHT_METHOD);
        ServerWebExchange routed = exchange;
        if (bucket != null || expectContinue || preflightMethod != null) {
            routed = exchange.mutate().request(r -> r.headers(h -> {
                if (bucket != null) {
                    h.set(ORIGINAL_URI, rawQuery == null ? rawPath : rawPath + "?" + rawQuery);
                }
                if (preflightMethod != null) {
                    h.remove(OvercastCorsFilter.PREFLIGHT_METHOD);
                    h.set(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, preflightMethod);
                }
                // the gateway answered the 100-continue handshake itself (clients never sign Expect)
                h.remove(HttpHeaders.EXPECT);
            })).build();
        }
        return chain.filter(routed).onErrorResume(e -> unreachable(e), e -> serviceUnavailable(exchange, target, e));
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof PoolAcquireTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private Mono<Void> serviceUnavailable(ServerWebExchange exchange, ServiceRouter.Target target, Throwable e) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(e);
        }
        log.warn("service {} at {} unreachable: {}", target.name(), target.url(), e.toString());
        String message = "Service " + target.name() + " is unavailable";
        boolean json = !target.name().equals(properties.getS3Service())
                || exchange.getRequest().getHeaders().containsHeader(RoutingConfiguration.AMZ_TARGET);
        String body = json
                ? "{\"__type\":\"ServiceUnavailableException\",\"message\":\"" + message + "\"}"
                : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>ServiceUnavailable</Code><Message>"
                        + message + "</Message></Error>";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        HttpHeaders headers = response.getHeaders();
        headers.clear();
        headers.setContentType(json ? MediaType.valueOf("application/x-amz-json-1.0") : MediaType.APPLICATION_XML);
        headers.setContentLength(bytes.length);
        if (exchange.getRequest().getMethod() == HttpMethod.HEAD) {
            return response.setComplete();
        }
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }
}
