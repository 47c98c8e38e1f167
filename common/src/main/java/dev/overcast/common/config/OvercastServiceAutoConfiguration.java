package dev.overcast.common.config;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.auth.SigV4Authenticator;
import dev.overcast.common.auth.SigV4Settings;
import dev.overcast.common.auth.SuiteCredentials;
import dev.overcast.common.dispatch.AwsDispatcher;
import dev.overcast.common.dispatch.AwsProtocolFilter;
import dev.overcast.common.dispatch.DispatchHook;
import dev.overcast.common.dispatch.ServletAwsHttpRequest;
import dev.overcast.common.dispatch.ServletAwsHttpResponse;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.time.ClockServlet;
import dev.overcast.common.time.ClockState;
import dev.overcast.common.time.SuiteClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
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
    SuiteCredentials overcastSuiteCredentials(SigV4Settings settings) {
        return new SuiteCredentials(settings);
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
        return AwsTomcatCustomizer.firstFilter("overcastProtocolFilter", new AwsProtocolFilter(dispatcher));
    }

    @Bean
    AwsTomcatCustomizer overcastTomcatCustomizer(AwsDispatcher dispatcher, Environment env) {
        return new AwsTomcatCustomizer((fault, request, response) -> dispatcher.writeError(
                new ServletAwsHttpRequest(request), new ServletAwsHttpResponse(response),
                api -> fault.error(api, request.getMethod())), AwsTomcatCustomizer.idleTimeout(env));
    }

    /** The suite's clock ({@code overcast.clock-offset}, {@code OVERCAST_CLOCK_OFFSET}), one per service application. */
    @Bean
    @ConditionalOnMissingBean
    SuiteClock overcastSuiteClock(Environment env) {
        return new SuiteClock(Duration.parse(setting(env, "overcast.clock-offset", "OVERCAST_CLOCK_OFFSET", "PT0S")));
    }

    /** The suite's clock as advanced through {@code POST /_overcast/clock}, shared by the service's replicas. */
    @Bean(destroyMethod = "close")
    ClockState overcastClockState(ObjectProvider<DataSource> dataSource, SuiteClock clock) {
        return new ClockState(dataSource.getIfAvailable(), clock);
    }

    /** {@code /_overcast/clock}: the suite's time, and moving it on ({@code OVERCAST_ADMIN=true}). */
    @Bean
    ServletRegistrationBean<ClockServlet> overcastClockServlet(SuiteClock clock, ClockState state, Environment env) {
        return new ServletRegistrationBean<>(new ClockServlet(clock, state,
                Boolean.parseBoolean(setting(env, "overcast.admin", "OVERCAST_ADMIN", "false"))), ClockServlet.PATH);
    }

    /** Lets a front end in the same JVM (the sandbox's gateway) dispatch to this service without an HTTP hop. */
    @Bean
    LocalEndpointRegistration overcastLocalEndpoint(AwsDispatcher dispatcher) {
        return new LocalEndpointRegistration(dispatcher);
    }

    static String setting(Environment env, String property, String variable, String fallback) {
        String value = env.getProperty(property);
        if (value == null) {
            value = env.getProperty(variable);
        }
        return value == null ? fallback : value;
    }
}
