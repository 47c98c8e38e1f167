package dev.overcast.common.dispatch;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Hands every request to the {@link AwsDispatcher}, bypassing Spring MVC, except the application's own
 * {@code /actuator} endpoints and the suite's {@code /_overcast/} ones (the clock; no AWS name starts with an
 * underscore: not a bucket, not an action path).
 */
public final class AwsProtocolFilter implements Filter {

    private final AwsDispatcher dispatcher;

    public AwsProtocolFilter(AwsDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (refusedByConnector((HttpServletResponse) res)) {
            return;
        }
        String uri = request.getRequestURI();
        if (uri.equals("/actuator") || uri.startsWith("/actuator/") || uri.startsWith("/_overcast/")) {
            chain.doFilter(req, res);
            return;
        }
        dispatcher.handle(new ServletAwsHttpRequest(request), new ServletAwsHttpResponse((HttpServletResponse) res));
    }

    /**
     * Whether Tomcat already refused the request while reading its head (an unknown Transfer-Encoding: 501) and hands
     * it on only for its error report: then no operation runs, and the report gives the AWS error
     * ({@link dev.overcast.common.config.AwsErrorReportValve}).
     */
    public static boolean refusedByConnector(HttpServletResponse response) {
        return response.getStatus() >= 400;
    }
}
