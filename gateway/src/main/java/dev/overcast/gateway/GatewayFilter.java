package dev.overcast.gateway;

import dev.overcast.common.auth.SigV4Authenticator;
import dev.overcast.common.protocol.HttpFault;
import dev.overcast.common.dispatch.AwsDispatcher;
import dev.overcast.common.dispatch.AwsProtocolFilter;
import dev.overcast.common.dispatch.LocalEndpoints;
import dev.overcast.common.dispatch.ServletAwsHttpRequest;
import dev.overcast.common.dispatch.ServletAwsHttpResponse;
import dev.overcast.common.time.ClockServlet;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The gateway's request path, first on every request. CORS (S3 requests that name a bucket excepted: the bucket's rules
 * are S3's to apply), {@code /_overcast/health} and {@code /_overcast/clock} ({@link ClockAdmin}) first; {@code /actuator} is the gateway's own. Everything else is
 * routed ({@link ServiceRouter}: X-Amz-Target prefix, SigV4 signing name, path, then S3), a virtual-host-style S3
 * request turned into path style ({@value SigV4Authenticator#ORIGINAL_URI_HEADER} keeps what the client signed), and
 * run through the gateway's Spring Cloud Gateway routes ({@link GatewayRoutes}) right here: not through the
 * DispatcherServlet, whose multipart and form handling would read a body that must stream to the service, and whose
 * per-request observation costs a good part of a small request. Only the route of the service the request is routed
 * to is asked, with a {@link RoutedServerRequest} (Spring's own request copies every header). What no route takes
 * (routes configured under {@code spring.cloud.gateway.server.webmvc.routes}, what no service claims) goes on down the
 * filter chain.
 */
final class GatewayFilter implements Filter {

    /** The routes write their answers themselves: no message converters. */
    private static final ServerResponse.Context CONTEXT = List::of;

    private final GatewayProperties properties;
    private final ServiceRouter router;
    private final VirtualHostBuckets buckets;
    private final CorsHeaders cors;
    private final HealthProbe health;
    private final ClockAdmin clock;
    private final GatewayRoutes routes;
    private final GatewayErrors errors;

    GatewayFilter(GatewayProperties properties, ServiceRouter router, VirtualHostBuckets buckets, CorsHeaders cors,
                  HealthProbe health, ClockAdmin clock, GatewayRoutes routes, GatewayErrors errors) {
        this.properties = properties;
        this.router = router;
        this.buckets = buckets;
        this.cors = cors;
        this.health = health;
        this.clock = clock;
        this.routes = routes;
        this.errors = errors;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (AwsProtocolFilter.refusedByConnector(response)) {
            return;
        }
        String rawPath = request.getRequestURI();
        String rawQuery = request.getQueryString();
        // the suite's own endpoints, except a service's that its path prefixes claim (MSK's CA certificate)
        boolean own = rawPath.startsWith("/_overcast/") ? router.byPath(rawPath) == null
                : rawPath.equals("/actuator") || rawPath.startsWith("/actuator/");
        ServiceRouter.Target target = own ? null : router.route(request.getHeader("X-Amz-Target"),
                request.getHeader("Authorization"), rawPath, rawQuery);
        String bucket = target != null && target.name().equals(properties.getS3Service())
                && !ServiceRouter.isS3Control(rawPath) ? buckets.bucketOf(request.getHeader("Host")) : null;
        // a bucket's CORS rules are S3's to apply, as on AWS: its preflights and Origin pass through untouched
        if (!(target != null && bucketRequest(request, target, bucket, rawPath))) {
            if (cors.answerPreflight(request, response)) {
                return;
            }
            cors.addResponseHeaders(request, response);
        }
        boolean healthPath = rawPath.equals(HealthProbe.PATH) || rawPath.equals(HealthProbe.READY_PATH);
        if (healthPath && request.getMethod().equals("GET")) {
            health.report(response, rawPath.equals(HealthProbe.READY_PATH));
            return;
        }
        if (rawPath.equals(ClockServlet.PATH)) {
            clock.handle(request, response);
            return;
        }
        if (target == null) {
            chain.doFilter(request, response);
            return;
        }
        String path = bucket == null ? rawPath : "/" + bucket + rawPath;
        String originalUri = bucket == null ? null : rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        request.setAttribute(RoutedRequest.ATTRIBUTE, new RoutedRequest(target, path, rawQuery, originalUri));
        ServerRequest serverRequest = new RoutedServerRequest(request);
        Optional<HandlerFunction<ServerResponse>> handler = routes.of(target).route(serverRequest);
        if (handler.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        try {
            handler.get().handle(serverRequest).writeTo(request, response, CONTEXT);
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        }
    }

    /** An S3 request naming a bucket (path-style or virtual-host), not a JSON service's preflight. */
    private boolean bucketRequest(HttpServletRequest request, ServiceRouter.Target target, String bucket, String rawPath) {
        if (!target.name().equals(properties.getS3Service())) {
            return false;
        }
        String requestedHeaders = request.getHeader("Access-Control-Request-Headers");
        if (requestedHeaders != null && requestedHeaders.toLowerCase(Locale.ROOT).contains("x-amz-target")) {
            return false;
        }
        return bucket != null || (rawPath.length() > 1 && rawPath.charAt(1) != '/');
    }

    /**
     * Answers what Tomcat refused before this filter could run (see {@link dev.overcast.common.config.AwsErrorReportValve})
     * as the service the request is for would: by that service's own dispatcher when it is in this JVM, else in the
     * error shape of its protocol.
     */
    void writeFault(HttpFault fault, HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServiceRouter.Target target = router.route(request.getHeader("X-Amz-Target"), request.getHeader("Authorization"),
                request.getRequestURI(), request.getQueryString());
        AwsDispatcher local = target == null ? null : LocalEndpoints.at(target.localPort());
        if (local != null) {
            local.writeError(new ServletAwsHttpRequest(request), new ServletAwsHttpResponse(response),
                    api -> fault.error(api, request.getMethod()));
            return;
        }
        ErrorShape shape = errors.shapeOf(request, target);
        shape.write(request, response, shape == ErrorShape.REST_XML ? fault.s3Error(request.getMethod()) : fault.jsonError());
    }
}
