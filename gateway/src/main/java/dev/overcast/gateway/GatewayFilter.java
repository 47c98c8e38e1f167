package dev.overcast.gateway;

import dev.overcast.common.auth.SigV4Authenticator;
import dev.overcast.common.dispatch.AwsDispatcher;
import dev.overcast.common.dispatch.LocalEndpoints;
import dev.overcast.common.dispatch.ServletAwsHttpRequest;
import dev.overcast.common.dispatch.ServletAwsHttpResponse;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's request path. CORS and {@code /_overcast/health} first; {@code /actuator} is the gateway's own;
 * everything else goes to the service {@link ServiceRouter} picks, with a virtual-host-style S3 request turned
 * into path style ({@value SigV4Authenticator#ORIGINAL_URI_HEADER} keeps what the client signed). A service in
 * this JVM (the sandbox) gets the request handed to its dispatcher directly; any other is reached over HTTP with
 * the raw path, query, Host and headers untouched. A service that cannot be reached gives 503.
 */
final class GatewayFilter implements Filter {

    private static final Logger log = LoggerFactory.getLogger(GatewayFilter.class);

    private final GatewayProperties properties;
    private final ServiceRouter router;
    private final VirtualHostBuckets buckets;
    private final CorsHeaders cors;
    private final HealthProbe health;
    private final HttpForwarder forwarder;

    GatewayFilter(GatewayProperties properties, ServiceRouter router, VirtualHostBuckets buckets, CorsHeaders cors,
                  HealthProbe health, HttpForwarder forwarder) {
        this.properties = properties;
        this.router = router;
        this.buckets = buckets;
        this.cors = cors;
        this.health = health;
        this.forwarder = forwarder;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (cors.answerPreflight(request, response)) {
            return;
        }
        cors.addResponseHeaders(request, response);
        String rawPath = request.getRequestURI();
        if (rawPath.equals(HealthProbe.PATH) && request.getMethod().equals("GET")) {
            health.report(response);
            return;
        }
        if (rawPath.equals("/actuator") || rawPath.startsWith("/actuator/")) {
            chain.doFilter(request, response);
            return;
        }
        String rawQuery = request.getQueryString();
        ServiceRouter.Target target = router.route(request.getHeader("X-Amz-Target"), request.getHeader("Authorization"),
                rawPath, rawQuery);
        if (target == null) {
            chain.doFilter(request, response);
            return;
        }
        String bucket = target.name().equals(properties.getS3Service()) ? buckets.bucketOf(request.getHeader("Host")) : null;
        String path = bucket == null ? rawPath : "/" + bucket + rawPath;
        String originalUri = bucket == null ? null : rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        AwsDispatcher local = LocalEndpoints.at(target.baseUri());
        if (local != null) {
            local.handle(new ForwardedRequest(new ServletAwsHttpRequest(request), path, originalUri),
                    new ServletAwsHttpResponse(response));
            return;
        }
        try {
            forwarder.forward(request, response, target.baseUri(), rawQuery == null ? path : path + "?" + rawQuery, originalUri);
        } catch (HttpForwarder.UnreachableException e) {
            serviceUnavailable(request, response, target, e);
        }
    }

    private void serviceUnavailable(HttpServletRequest request, HttpServletResponse response, ServiceRouter.Target target,
                                    Exception e) throws IOException {
        if (response.isCommitted()) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e);
        }
        log.warn("service {} at {} unreachable: {}", target.name(), target.url(), e.getCause().toString());
        String message = "Service " + target.name() + " is unavailable";
        boolean json = !target.name().equals(properties.getS3Service()) || request.getHeader("X-Amz-Target") != null;
        String body = json
                ? "{\"__type\":\"ServiceUnavailableException\",\"message\":\"" + message + "\"}"
                : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>ServiceUnavailable</Code><Message>"
                        + message + "</Message></Error>";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.reset();
        cors.addResponseHeaders(request, response);
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType(json ? "application/x-amz-json-1.0" : "application/xml");
        response.setContentLength(bytes.length);
        if (!request.getMethod().equals("HEAD")) {
            response.getOutputStream().write(bytes);
        }
    }
}
