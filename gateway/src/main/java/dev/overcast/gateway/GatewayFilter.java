package dev.overcast.gateway;

import dev.overcast.common.auth.SigV4Authenticator;
import dev.overcast.common.protocol.HttpFault;
import dev.overcast.common.dispatch.AwsDispatcher;
import dev.overcast.common.dispatch.AwsProtocolFilter;
import dev.overcast.common.dispatch.LocalEndpoints;
import dev.overcast.common.dispatch.ServletAwsHttpRequest;
import dev.overcast.common.dispatch.ServletAwsHttpResponse;
import dev.overcast.common.error.AwsException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's request path. CORS (S3 requests that name a bucket excepted: the bucket's rules are S3's to apply)
 * and {@code /_overcast/health} first; {@code /actuator} is the gateway's own;
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
        if (AwsProtocolFilter.refusedByConnector(response)) {
            return;
        }
        String rawPath = request.getRequestURI();
        String rawQuery = request.getQueryString();
        boolean own = rawPath.startsWith("/_overcast/") || rawPath.equals("/actuator") || rawPath.startsWith("/actuator/");
        ServiceRouter.Target target = own ? null : router.route(request.getHeader("X-Amz-Target"),
                request.getHeader("Authorization"), rawPath, rawQuery);
        String bucket = target != null && target.name().equals(properties.getS3Service())
                ? buckets.bucketOf(request.getHeader("Host")) : null;
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
        if (target == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!target.available()) {
            ErrorShape.of(request, target.unavailable().shape()).write(request, response,
                    UnavailableServices.notAvailable(target.unavailable(), router.services().keySet()));
            return;
        }
        String path = bucket == null ? rawPath : "/" + bucket + rawPath;
        String originalUri = bucket == null ? null : rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        AwsDispatcher local = LocalEndpoints.at(target.localPort());
        if (local != null) {
            local.handle(new ForwardedRequest(new ServletAwsHttpRequest(request), path, originalUri),
                    new ServletAwsHttpResponse(response));
            return;
        }
        String pathAndQuery = rawQuery == null ? path : path + "?" + rawQuery;
        // a replica that cannot be reached got nothing of the request: the next one gets it
        for (int attempt = 1; ; attempt++) {
            try {
                forwarder.forward(request, response, target.baseUri(), pathAndQuery, originalUri);
                return;
            } catch (HttpForwarder.UnreachableException e) {
                if (attempt >= target.replicas().size()) {
                    serviceUnavailable(request, response, target, e);
                    return;
                }
            }
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

    private void serviceUnavailable(HttpServletRequest request, HttpServletResponse response, ServiceRouter.Target target,
                                    Exception e) throws IOException {
        if (response.isCommitted()) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e);
        }
        log.warn("service {} at {} unreachable: {}", target.name(), target.url(), e.getCause().toString());
        response.reset();
        cors.addResponseHeaders(request, response);
        String code = shapeOf(request, target) == ErrorShape.REST_XML ? "ServiceUnavailable" : "ServiceUnavailableException";
        shapeOf(request, target).write(request, response,
                new AwsException(code, 503, "Service " + target.name() + " is unavailable"));
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
        ErrorShape shape = shapeOf(request, target);
        shape.write(request, response, shape == ErrorShape.REST_XML ? fault.s3Error(request.getMethod()) : fault.jsonError());
    }

    /** S3's shape for S3 (and for what no service claims), the request's own protocol for the others. */
    private ErrorShape shapeOf(HttpServletRequest request, ServiceRouter.Target target) {
        if (target == null || (target.available() && target.name().equals(properties.getS3Service())
                && request.getHeader("X-Amz-Target") == null)) {
            return ErrorShape.REST_XML;
        }
        return ErrorShape.of(request, target.available() ? ErrorShape.JSON_1_0 : target.unavailable().shape());
    }
}
