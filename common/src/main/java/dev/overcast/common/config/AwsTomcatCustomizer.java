package dev.overcast.common.config;

import jakarta.servlet.Filter;
import java.time.Duration;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.ProtocolHandler;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * AWS clients send what a default Tomcat refuses: encoded slashes in keys, brackets in queries, {@code ..} segments,
 * big headers, bodies of gigabytes. Every Tomcat that takes AWS requests (each service's, and the gateway's) is set
 * up this way, and its filter that takes the AWS requests is registered by {@link #firstFilter}. What Tomcat still
 * refuses on its own is answered as the service's AWS error ({@link AwsErrorReportValve}), never an HTML page.
 */
public final class AwsTomcatCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    /** AWS closes a connection on which nothing was read or written for about 20 seconds. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(20);

    private final AwsErrorReportValve.Writer errors;
    private final Duration idleTimeout;

    /**
     * @param errors      writes what Tomcat refuses in the service's AWS shape
     * @param idleTimeout how long a request (its head or its body) may stall before it is answered with a timeout
     */
    public AwsTomcatCustomizer(AwsErrorReportValve.Writer errors, Duration idleTimeout) {
        this.errors = errors;
        this.idleTimeout = idleTimeout;
    }

    /** The idle timeout: {@code overcast.http.idle-timeout} or {@code OVERCAST_HTTP_IDLE_TIMEOUT} (e.g. {@code 20s}). */
    public static Duration idleTimeout(Environment env) {
        String value = OvercastServiceAutoConfiguration.setting(env, "overcast.http.idle-timeout",
                "OVERCAST_HTTP_IDLE_TIMEOUT", null);
        return value == null || value.isBlank() ? DEFAULT_IDLE_TIMEOUT : DurationStyle.detectAndParse(value.trim());
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.setProtocol(AwsHttp11NioProtocol.class.getName());
        factory.addConnectorCustomizers(connector -> {
            connector.setEncodedSolidusHandling("passthrough");
            connector.setEncodedReverseSolidusHandling("passthrough");
            connector.setAllowBackslash(true);
            connector.setProperty("relaxedPathChars", "[]|{}^\\`\"<>");
            connector.setProperty("relaxedQueryChars", "[]|{}^\\`\"<>");
            connector.setProperty("maxHttpRequestHeaderSize", "65536");
            connector.setProperty("maxSwallowSize", "-1");
            connector.setProperty("connectionTimeout", Long.toString(idleTimeout.toMillis()));
            connector.setProperty("maxKeepAliveRequests", "-1");
            // 100 Continue goes out once the service has authenticated the request (AwsCoyoteAdapter), or at the first
            // read of the body if that comes first, as S3 does: a refused request gets its final answer instead,
            // before the client sends the body; that answer's status line has its reason phrase
            // (AwsHttp11NioProtocol), which botocore's Expect handling needs
            connector.setProperty("continueResponseTiming", "onRead");
            connector.addLifecycleListener(event -> {
                if (Lifecycle.AFTER_INIT_EVENT.equals(event.getType())) {
                    ProtocolHandler handler = connector.getProtocolHandler();
                    handler.setAdapter(new AwsCoyoteAdapter(handler.getAdapter()));
                }
            });
        });
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                // the host adds no ErrorReportValve of its own when one of the configured class is there
                host.setErrorReportValveClass(AwsErrorReportValve.class.getName());
                host.getPipeline().addValve(new AwsErrorReportValve(errors));
            }
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
