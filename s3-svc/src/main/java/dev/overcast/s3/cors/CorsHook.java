package dev.overcast.s3.cors;

import dev.overcast.common.dispatch.DispatchHook;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.http.AwsHttpResponse;
import dev.overcast.s3.S3Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Applies a bucket's CORS rules as S3 does: answers preflight {@code OPTIONS} requests by the first rule that
 * admits the origin, the requested method and every requested header (403 AccessForbidden when none does or the
 * bucket has no CORS configuration), and adds the CORS headers of the first rule admitting origin and method to
 * any other request that carries an {@code Origin}.
 */
@Component
@Order(0)
public class CorsHook implements DispatchHook {

    static final String VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";

    private final CorsStore cors;

    public CorsHook(CorsStore cors) {
        this.cors = cors;
    }

    @Override
    public void beforeDispatch(AwsHttpRequest request, AwsHttpResponse response) {
        String origin = request.header("Origin");
        if (origin == null || "OPTIONS".equals(request.method())) {
            return;
        }
        S3Paths path = S3Paths.of(request.rawPath());
        if (path.bucket() == null) {
            return;
        }
        Optional<List<CorsRule>> rules = cors.rules(path.bucket());
        if (rules.isEmpty()) {
            return;
        }
        for (CorsRule rule : rules.get()) {
            String matched = rule.matchOrigin(origin);
            if (matched != null && rule.allowsMethod(request.method())) {
                allow(response, rule, matched, origin);
                return;
            }
        }
    }

    @Override
    public boolean answers(AwsHttpRequest request) {
        return "OPTIONS".equals(request.method());
    }

    @Override
    public void answer(String requestId, AwsHttpRequest request, AwsHttpResponse response) {
        String origin = request.header("Origin");
        if (origin == null) {
            throw new AwsException("BadRequest", 400, "Insufficient information. Origin request header needed.");
        }
        String method = request.header("Access-Control-Request-Method");
        if (method == null) {
            throw new AwsException("BadRequest", 400, "Invalid Access-Control-Request-Method: null");
        }
        S3Paths path = S3Paths.of(request.rawPath());
        String resourceType = path.rawKey() == null ? "BUCKET" : "OBJECT";
        List<CorsRule> rules = path.bucket() == null ? null : cors.rules(path.bucket()).orElse(null);
        if (rules == null) {
            throw forbidden("CORSResponse: CORS is not enabled for this bucket.", method, resourceType);
        }
        List<String> headers = requestedHeaders(request.header("Access-Control-Request-Headers"));
        for (CorsRule rule : rules) {
            String matched = rule.matchOrigin(origin);
            if (matched != null && rule.allowsMethod(method) && rule.allowsHeaders(headers)) {
                allow(response, rule, matched, origin);
                if (!headers.isEmpty()) {
                    response.setHeader("Access-Control-Allow-Headers", String.join(", ", headers));
                }
                response.setStatus(200);
                response.setContentLength(0);
                return;
            }
        }
        throw forbidden("CORSResponse: This CORS request is not allowed. This is usually because the evalution of "
                + "Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not "
                + "whitelisted by the resource's CORS spec.", method, resourceType);
    }

    private static AwsException forbidden(String message, String method, String resourceType) {
        return new AwsException("AccessForbidden", 403, message).with("Method", method).with("ResourceType", resourceType);
    }

    private static List<String> requestedHeaders(String header) {
        if (header == null) {
            return List.of();
        }
        return Arrays.stream(header.split(",")).map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .toList();
    }

    /** The headers of a rule that admits the request: a {@code *} origin answers {@code *}, others the origin. */
    private static void allow(AwsHttpResponse response, CorsRule rule, String matchedOrigin, String origin) {
        boolean any = "*".equals(matchedOrigin);
        response.setHeader("Access-Control-Allow-Origin", any ? "*" : origin);
        if (!any) {
            response.setHeader("Access-Control-Allow-Credentials", "true");
        }
        response.setHeader("Access-Control-Allow-Methods", String.join(", ", rule.allowedMethods()));
        if (!rule.exposeHeaders().isEmpty()) {
            response.setHeader("Access-Control-Expose-Headers", String.join(", ", rule.exposeHeaders()));
        }
        if (rule.maxAgeSeconds() != null) {
            response.setHeader("Access-Control-Max-Age", rule.maxAgeSeconds().toString());
        }
        response.setHeader("Vary", VARY);
    }
}
