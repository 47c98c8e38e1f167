package dev.overcast.gateway;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * CORS for browser SDKs: preflights are answered here, and any origin may read the AWS response headers. A service
 * that sets {@code Access-Control-Allow-Origin} itself replaces what is set here.
 */
final class CorsHeaders {

    static final String ALLOWED_METHODS = "GET, PUT, POST, DELETE, HEAD";

    private final GatewayProperties.Cors cors;
    private final String exposeHeaders;

    CorsHeaders(GatewayProperties.Cors cors) {
        this.cors = cors;
        this.exposeHeaders = String.join(", ", cors.getExposeHeaders());
    }

    /** Answers a CORS preflight; false when the request is not one (or CORS is off). */
    boolean answerPreflight(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        if (!cors.isEnabled() || origin == null || !request.getMethod().equals("OPTIONS")
                || request.getHeader("Access-Control-Request-Method") == null) {
            return false;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
        String requested = request.getHeader("Access-Control-Request-Headers");
        if (requested != null && !requested.isBlank()) {
            response.setHeader("Access-Control-Allow-Headers", requested);
        }
        response.setHeader("Access-Control-Expose-Headers", exposeHeaders);
        response.setHeader("Access-Control-Max-Age", Long.toString(cors.getMaxAge()));
        response.addHeader("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        response.setContentLength(0);
        return true;
    }

    /** For a request with an Origin: lets the browser read the response. */
    void addResponseHeaders(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        if (!cors.isEnabled() || origin == null) {
            return;
        }
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Expose-Headers", exposeHeaders);
        response.setHeader("Vary", "Origin");
    }
}
