package dev.overcast.common.config;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.auth.SigV4Authenticator;
import dev.overcast.common.auth.SigV4Settings;
import dev.overcast.common.dispatch.AwsDispatcher;
import dev.overcast.common.dispatch.AwsProtocolFilter;
import dev.overcast.common.dispatch.DispatchHook;
import dev.overcast.common.protocol.AwsApiDescriptor;
import java.time.Clock;
import java.util.ArrayList;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Turns a Spring Boot servlet application with {@link AwsApiDescriptor} beans and {@link AwsApi} handlers into an
 * AWS endpoint: SigV4, the protocol codecs, the dispatcher, and a Tomcat that accepts what AWS clients send.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(AwsApiDescriptor.class)
public class OvercastServiceAutoConfiguration {

    @Bean
    SigV4Settings overcastSigV4Settings(Environment env) {
        return SigV4Settings.parse(
                setting(env, "overcast.sigv4.mode", "OVERCAST_SIGV4", "off"),
                setting(env, "overcast.sigv4.keys", "OVERCAST_SIGV4_KEYS", ""),
                setting(env, "overcast.accounts", "OVERCAST_ACCOUNTS", ""),
                setting(env, "overcast.default-account", "OVERCAST_DEFAULT_ACCOUNT", "000000000000"),
                setting(env, "overcast.default-region", "OVERCAST_DEFAULT_REGION", "us-east-1"));
    }

    @Bean
    SigV4Authenticator overcastSigV4Authenticator(SigV4Settings settings) {
        return new SigV4Authenticator(settings, Clock.systemUTC());
    }

    @Bean
    AwsDispatcher overcastDispatcher(ObjectProvider<AwsApiDescriptor> apis, ApplicationContext context,
                                     SigV4Authenticator authenticator, ObjectProvider<DispatchHook> hooks) {
        return AwsDispatcher.create(apis.orderedStream().toList(),
                new ArrayList<>(context.getBeansWithAnnotation(AwsApi.class).values()), authenticator,
                hooks.orderedStream().toList());
    }

    @Bean
    FilterRegistrationBean<AwsProtocolFilter> overcastProtocolFilter(AwsDispatcher dispatcher) {
        FilterRegistrationBean<AwsProtocolFilter> registration = new FilterRegistrationBean<>(new AwsProtocolFilter(dispatcher));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setName("overcastProtocolFilter");
        return registration;
    }

    /** AWS clients send what a default Tomcat refuses: encoded slashes in keys, brackets in queries, big headers. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> overcastTomcatCustomizer() {
        return factory -> factory.addConnectorCustomizers(connector -> {
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

    static String setting(Environment env, String property, String variable, String fallback) {
        String value = env.getProperty(property);
        if (value == null) {
            value = env.getProperty(variable);
        }
        return value == null ? fallback : value;
    }
}
