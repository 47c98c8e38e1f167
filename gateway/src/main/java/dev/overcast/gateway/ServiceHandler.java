package dev.overcast.gateway;

import dev.overcast.common.auth.SigV4Authenticator;
import dev.overcast.common.dispatch.AwsDispatcher;
import dev.overcast.common.dispatch.LocalEndpoints;
import dev.overcast.common.dispatch.ResponseHeaders;
import dev.overcast.common.dispatch.ServletAwsHttpRequest;
import dev.overcast.common.dispatch.ServletAwsHttpResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The handler of every service route. A service in this JVM (the sandbox) gets the request handed to its
 * dispatcher ({@link LocalEndpoints}): the same request, one HTTP parse instead of two. Any other is reached through
 * Spring Cloud Gateway's {@link ProxyExchange} at its next replica's URL (round robin), exactly as received: method, raw path and query
 * (never re-encoded: SigV4 signs them), Host and every end-to-end header, the body streamed both ways (an event
 * stream flushed as it comes, see {@code spring.cloud.gateway.server.webmvc.streaming-media-types}). Hop-by-hop
 * headers stay behind, {@code Expect} too (the gateway's own server answered the 100-continue handshake), and a
 * {@value SigV4Authenticator#ORIGINAL_URI_HEADER} from the client is never passed on: only the gateway sets it.
 * A service that cannot be reached gives 503, which SDKs retry.
 */
final class ServiceHandler implements HandlerFunction<ServerResponse> {

    private static final Logger log = LoggerFactory.getLogger(ServiceHandler.class);

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "expect",
            "http2-settings");

    /** How long a request waits for a service of this JVM that is still starting. */
    private static final java.time.Duration STARTING = java.time.Duration.ofMinutes(2);

    private final ProxyExchange proxy;
    private final GatewayErrors errors;
    private final boolean localHandoff;

    /** @param localHandoff whether a service in this JVM gets requests handed over in-process */
    ServiceHandler(ProxyExchange proxy, GatewayErrors errors, boolean localHandoff) {
        this.proxy = proxy;
        this.errors = errors;
        this.localHandoff = localHandoff;
    }

    @Override
    public ServerResponse handle(ServerRequest request) {
        RoutedRequest routed = RoutedRequest.of(request);
        // in the sandbox, a service still starting takes the request once it is up
        LocalEndpoints.awaitStarted(routed.target().localPort(), STARTING);
        AwsDispatcher local = localHandoff ? LocalEndpoints.at(routed.target().localPort()) : null;
        if (local != null) {
            return ServerResponse.ok().build((servletRequest, servletResponse) -> {
                local.handle(new ForwardedRequest(new ServletAwsHttpRequest(servletRequest), routed.path(),
                        routed.originalUri()), new ServletAwsHttpResponse(servletResponse));
                return null;
            });
        }
        // each request goes to the service's next replica; one that cannot be reached got nothing of the request
        // (the connection failed before a byte was sent), so the next one gets it
        ServiceRouter.Target target = routed.target();
        for (int attempt = 1; ; attempt++) {
            URI base = target.baseUri();
            try {
                return proxy.exchange(proxy.request(request)
                        .uri(RawUris.of(base, routed.pathAndQuery()))
                        .headers(requestHeaders(request.servletRequest(), routed.originalUri()))
                        .responseConsumer((answer, ignored) -> copyResponseHeaders(answer.getHeaders(), routed.response()))
                        .build());
            } catch (ResourceAccessException e) {
                if (!unreachable(e.getCause()) || routed.response().isCommitted()) {
                    throw e;
                }
                log.warn("service {} at {} unreachable: {}", target.name(), base, e.getCause().toString());
                if (attempt >= target.replicas().size()) {
                    return ServerResponse.status(503).build((servletRequest, servletResponse) -> {
                        errors.unreachable(servletRequest, servletResponse, target);
                        return null;
                    });
                }
            }
        }
    }

    /** Nothing was sent: the service is not there (or every connection to it is busy past the connect timeout). */
    private static boolean unreachable(Throwable cause) {
        return cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException || cause instanceof ConnectionRequestTimeoutException;
    }

    private static HttpHeaders requestHeaders(HttpServletRequest request, String originalUri) {
        HttpHeaders headers = new HttpHeaders();
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) || name.startsWith(":")
                    || name.equalsIgnoreCase(SigV4Authenticator.ORIGINAL_URI_HEADER)) {
                continue;
            }
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                headers.add(name, values.nextElement());
            }
        }
        if (originalUri != null) {
            headers.set(SigV4Authenticator.ORIGINAL_URI_HEADER, originalUri);
        }
        return headers;
    }

    /**
     * The service's headers, byte for byte (a stored object's Content-Type as S3 keeps it). A header the service sets
     * replaces the gateway's (CORS); repeated ones are all kept.
     */
    private static void copyResponseHeaders(HttpHeaders answer, HttpServletResponse response) {
        Set<String> seen = new HashSet<>();
        answer.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                response.setContentLengthLong(Long.parseLong(values.getFirst().trim()));
            } else if (!HOP_BY_HOP.contains(lower)) {
                copy(response, name, values, seen.add(lower));
            }
        });
    }

    private static void copy(HttpServletResponse response, String name, List<String> values, boolean first) {
        for (String value : values) {
            if (first) {
                ResponseHeaders.set(response, name, value);
                first = false;
            } else {
                response.addHeader(name, value);
            }
        }
    }
}
