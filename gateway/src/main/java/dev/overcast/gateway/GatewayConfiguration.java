package dev.overcast.gateway;

import dev.overcast.common.config.AwsTomcatCustomizer;
import java.time.Duration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The gateway's parts, put together from {@link GatewayProperties}. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean
    ServiceRouter serviceRouter(GatewayProperties properties) {
        return new ServiceRouter(properties);
    }

    @Bean
    VirtualHostBuckets virtualHostBuckets(GatewayProperties properties) {
        return new VirtualHostBuckets(properties.getS3BaseDomains());
    }

    @Bean(destroyMethod = "close")
    HttpForwarder httpForwarder(GatewayProperties properties) {
        GatewayProperties.Http http = properties.getHttp();
        return new HttpForwarder(Duration.ofMillis(http.getConnectTimeoutMillis()),
                Duration.ofMillis(http.getResponseTimeoutMillis()), http.getMaxConnections());
    }

    @Bean
    GatewayFilter gatewayFilter(GatewayProperties properties, ServiceRouter router, VirtualHostBuckets buckets,
                                HttpForwarder forwarder) {
        return new GatewayFilter(properties, router, buckets, new CorsHeaders(properties.getCors()),
                new HealthProbe(router, Duration.ofMillis(properties.getHealth().getTimeoutMillis())), forwarder);
    }

    @Bean
    FilterRegistrationBean<GatewayFilter> overcastGatewayFilter(GatewayFilter filter) {
        return AwsTomcatCustomizer.firstFilter("overcastGatewayFilter", filter);
    }

    /** The gateway takes the same requests as the services behind it, and refuses the same in their shapes. */
    @Bean
    AwsTomcatCustomizer overcastTomcatCustomizer(GatewayFilter filter, Environment env) {
        return new AwsTomcatCustomizer(filter::writeFault, AwsTomcatCustomizer.idleTimeout(env));
    }
}
