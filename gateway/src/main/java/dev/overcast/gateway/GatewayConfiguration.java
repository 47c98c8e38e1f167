package dev.overcast.gateway;

import dev.overcast.common.config.AwsTomcatCustomizer;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.Timeout;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.cloud.gateway.server.mvc.handler.RestClientProxyExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

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

    /**
     * How services in other processes are reached: Apache HttpClient's pool as {@code overcast.gateway.http.*} sets it,
     * no retries, redirects, decompression or cookies (the answer is the service's, as it is), no 100-continue of its
     * own (the gateway's server answered the client's).
     */
    @Bean(destroyMethod = "close")
    CloseableHttpClient overcastServiceHttpClient(GatewayProperties properties) {
        GatewayProperties.Http http = properties.getHttp();
        Timeout connect = Timeout.of(Duration.ofMillis(http.getConnectTimeoutMillis()));
        Timeout response = Timeout.of(Duration.ofMillis(http.getResponseTimeoutMillis()));
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        .setMaxConnTotal(http.getMaxConnections())
                        .setMaxConnPerRoute(http.getMaxConnections())
                        .setTlsSocketStrategy(tlsOnFirstUse())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(response)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect)
                        .setResponseTimeout(response)
                        .setExpectContinueEnabled(false)
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .build();
    }

    /**
     * TLS to a service on an {@code https} URL, as the client's default sets it up, but on first use: the JDK's trust
     * store (some 150 certificates parsed) would otherwise be read at every start, on the path to the gateway's first
     * answer, though the suite's own services speak plain HTTP.
     */
    private static TlsSocketStrategy tlsOnFirstUse() {
        return new TlsSocketStrategy() {
            private volatile TlsSocketStrategy tls;

            @Override
            public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
                    throws IOException {
                TlsSocketStrategy strategy = tls;
                if (strategy == null) {
                    tls = strategy = DefaultClientTlsStrategy.createDefault();
                }
                return strategy.upgrade(socket, target, port, attachment, context);
            }
        };
    }

    /**
     * Spring Cloud Gateway's proxy on that client, for the routes of its own configuration
     * ({@code spring.cloud.gateway.server.webmvc.routes}); the AWS services' routes forward by {@link ServiceForwarder}.
     */
    @Bean
    ProxyExchange overcastProxyExchange(CloseableHttpClient overcastServiceHttpClient, GatewayMvcProperties gatewayMvc) {
        RestClient client = RestClient.builder()
                .requestFactory(new RawPathRequestFactory(overcastServiceHttpClient))
                .build();
        return new RestClientProxyExchange(client, gatewayMvc);
    }

    /** Services in other processes, reached on that client (request body streamed out, response streamed back). */
    @Bean
    ServiceForwarder overcastServiceForwarder(CloseableHttpClient overcastServiceHttpClient, GatewayErrors errors,
                                              GatewayMvcProperties gatewayMvc) {
        return new ServiceForwarder(overcastServiceHttpClient, errors, gatewayMvc);
    }

    @Bean
    GatewayErrors gatewayErrors(GatewayProperties properties, ServiceRouter router) {
        return new GatewayErrors(properties.getS3Service(), router.services().keySet());
    }

    @Bean
    GatewayRoutes gatewayRoutes(ServiceRouter router, ServiceForwarder forwarder, GatewayErrors errors,
                                GatewayProperties properties) {
        return new GatewayRoutes(router, new ServiceHandler(forwarder, properties.isLocalHandoff()), errors);
    }

    @Bean
    RouterFunction<ServerResponse> overcastRoutes(GatewayRoutes routes) {
        return routes.all();
    }

    @Bean
    GatewayFilter gatewayFilter(GatewayProperties properties, ServiceRouter router, VirtualHostBuckets buckets,
                                GatewayRoutes routes, GatewayErrors errors, Environment env) {
        Duration timeout = Duration.ofMillis(properties.getHealth().getTimeoutMillis());
        boolean admin = Boolean.parseBoolean(env.getProperty("overcast.admin", env.getProperty("OVERCAST_ADMIN", "false")));
        return new GatewayFilter(properties, router, buckets, new CorsHeaders(properties.getCors()),
                new HealthProbe(router, timeout), new ClockAdmin(router, admin, timeout), routes, errors);
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
