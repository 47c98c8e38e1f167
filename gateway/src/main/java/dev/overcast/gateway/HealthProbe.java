package dev.overcast.gateway;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /_overcast/health}: probes every service's {@code /actuator/health} concurrently (each replica of a
 * service with several URLs: the service is UP when all of them are) and reports each as UP or DOWN; the whole is UP when all are, DEGRADED otherwise (always HTTP 200). {@code GET /_overcast/health/ready}
 * gives the same report for a readiness probe (Kubernetes, docker-compose healthchecks): HTTP 503 unless all are UP.
 */
final class HealthProbe {

    static final String PATH = "/_overcast/health";
    static final String READY_PATH = PATH + "/ready";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ServiceRouter router;
    private final Duration timeout;
    private final HttpClient client;

    HealthProbe(ServiceRouter router, Duration timeout) {
        this.router = router;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** The report; with {@code readiness}, HTTP 503 while a service is down. */
    void report(HttpServletResponse response, boolean readiness) throws IOException {
        List<ServiceRouter.Target> targets = router.services().values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name())).toList();
        List<List<CompletableFuture<Boolean>>> probes = targets.stream()
                .map(t -> t.replicas().stream().map(this::probe).toList()).toList();
        Map<String, Object> services = new LinkedHashMap<>();
        boolean allUp = true;
        for (int i = 0; i < targets.size(); i++) {
            ServiceRouter.Target target = targets.get(i);
            Map<String, Object> replicas = new LinkedHashMap<>();
            boolean up = true;
            for (int r = 0; r < target.replicas().size(); r++) {
                boolean replicaUp = probes.get(i).get(r).join();
                up &= replicaUp;
                replicas.put(target.replicas().get(r).toString(), replicaUp ? "UP" : "DOWN");
            }
            allUp &= up;
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("url", target.url());
            service.put("status", up ? "UP" : "DOWN");
            if (replicas.size() > 1) {
                service.put("replicas", replicas);
            }
            services.put(target.name(), service);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", allUp ? "UP" : "DEGRADED");
        body.put("services", services);
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(readiness && !allUp ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private CompletableFuture<Boolean> probe(URI replica) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(replica + "/actuator/health")).timeout(timeout).GET().build();
        return client.sendAsync(request, BodyHandlers.discarding())
                .thenApply(r -> r.statusCode() / 100 == 2)
                .completeOnTimeout(false, timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .exceptionally(e -> false);
    }
}
