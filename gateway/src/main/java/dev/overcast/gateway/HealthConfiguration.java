package dev.overcast.gateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.channel.ChannelOption;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code GET /_overcast/health}: probes every service's {@code /actuator/health} concurrently and reports
 * each as UP or DOWN; the whole is UP when all are, DEGRADED otherwise (always HTTP 200).
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    static final String PATH = "/_overcast/health";

    @Bean
    RouterFunction<ServerResponse> overcastHealthRoute(ServiceRouter router, GatewayProperties properties) {
        Duration timeout = Duration.ofMillis(properties.getHealth().getTimeoutMillis());
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .responseTimeout(timeout);
        return RouterFunctions.route(RequestPredicates.GET(PATH), request -> Flux.fromIterable(router.services().values())
                .flatMap(target -> probe(client, target, timeout).map(up -> Map.entry(target, up)))
                .collectList()
                .flatMap(results -> {
                    Map<String, Object> services = new LinkedHashMap<>();
                    boolean allUp = true;
                    for (var result : results.stream().sorted(Map.Entry.comparingByKey(
                            (a, b) -> a.name().compareTo(b.name()))).toList()) {
                        allUp &= result.getValue();
                        Map<String, Object> service = new LinkedHashMap<>();
                        service.put("url", result.getKey().url());
                        service.put("status", result.getValue() ? "UP" : "DOWN");
                        services.put(result.getKey().name(), service);
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", allUp ? "UP" : "DEGRADED");
                    body.put("services", services);
                    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
                }));
    }

    private static Mono<Boolean> probe(HttpClient client, ServiceRouter.Target target, Duration timeout) {
        return client.get().uri(target.url() + "/actuator/health")
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code() / 100 == 2)))
                .timeout(timeout)
                .onErrorReturn(false);
    }
}
