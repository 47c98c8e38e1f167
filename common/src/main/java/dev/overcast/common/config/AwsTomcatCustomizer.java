package dev.overcast.common.config;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * AWS clients send what a default Tomcat refuses: encoded slashes in keys, brackets in queries, big headers, bodies
 * of gigabytes. Every Tomcat that takes AWS requests (each service's, and the gateway's) is set up this way.
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
}
