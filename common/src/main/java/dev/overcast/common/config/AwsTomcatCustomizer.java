package dev.overcast.common.config;

import jakarta.servlet.Filter;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;

/**
 * AWS clients send what a default Tomcat refuses: encoded slashes in keys, brackets in queries, big headers, bodies
 * of gigabytes. Every Tomcat that takes AWS requests (each service's, and the gateway's) is set up this way, and
 * its filter that takes the AWS requests is registered by {@link #firstFilter}.
 */
public final class AwsTomcatCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            connector.setEncodedSolidusHandling("passthrough");
            connector.setAllowBackslash(true);
            connector.setProperty("relaxedPathChars", "[]|{}^\\`\"<>");
            connector.setProperty("relaxedQueryChars", "[]|{}^\\`\"<>");
            connector.setProperty("maxHttpRequestHeaderSize", "65536");
            connector.setProperty("maxSwallowSize", "-1");
            connector.setProperty("connectionTimeout", "120000");
            connector.setProperty("maxKeepAliveRequests", "-1");
        });
    }

    /**
     * Registers the filter that answers AWS requests on every path, first: ahead of Spring's per-request observation
     * ({@code http.server.requests}), which costs a good part of a small request.
     */
    public static <F extends Filter> FilterRegistrationBean<F> firstFilter(String name, F filter) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName(name);
        return registration;
    }
}
