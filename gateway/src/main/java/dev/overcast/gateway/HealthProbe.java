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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /_overcast/health}: probes every service's {@code /actuator/health} concurrently (each replica of a
 * service with several URLs; a service is as well as its worst replica) and reports each as UP, DEGRADED (it serves, but its events wait in its outbox: the bus is away) or DOWN, and the bus as its services
 * see it (UP, or DOWN while a service cannot publish to it); the whole is UP when all are, DEGRADED otherwise (always
 * HTTP 200). {@code GET /_overcast/health/ready} gives the same report for a readiness probe (Kubernetes,
 * docker-compose healthchecks): HTTP 503 while a service is down (a bus away does not stop a service serving).
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
        List<List<CompletableFuture<JsonNode>>> probes = targets.stream()
                .map(t -> t.replicas().stream().map(this::probe).toList()).toList();
        Map<String, Object> services = new LinkedHashMap<>();
        Map<String, Object> bus = null;
        boolean allUp = true;
        boolean serving = true;
        for (int i = 0; i < targets.size(); i++) {
            ServiceRouter.Target target = targets.get(i);
            Map<String, Object> replicas = new LinkedHashMap<>();
            String status = "UP";
            for (int r = 0; r < target.replicas().size(); r++) {
                JsonNode health = probes.get(i).get(r).join();
                String replicaStatus = health == null ? "DOWN" : health.path("status").asString("DOWN");
                replicas.put(target.replicas().get(r).toString(), replicaStatus);
                status = worse(status, replicaStatus);
                JsonNode component = health == null ? null : health.path("components").get("bus");
                if (component != null) {
                    bus = bus == null ? new LinkedHashMap<>() : bus;
                    boolean up = component.path("status").asString("").equals("UP");
                    bus.merge("status", up ? "UP" : "DOWN", (a, b) -> a.equals("UP") && b.equals("UP") ? "UP" : "DOWN");
                    bus.putIfAbsent("bootstrapServers", component.path("details").path("bootstrapServers").asString(""));
                    if (!up && component.path("details").has("error")) {
                        bus.putIfAbsent("error", component.path("details").path("error").asString(""));
                    }
                }
            }
            allUp &= status.equals("UP");
            serving &= !status.equals("DOWN");
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("url", target.url());
            service.put("status", status);
            if (replicas.size() > 1) {
                service.put("replicas", replicas);
            }
            services.put(target.name(), service);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", allUp ? "UP" : "DEGRADED");
        body.put("services", services);
        if (bus != null) {
            body.put("bus", bus);
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(readiness && !serving ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** DOWN before DEGRADED (or any other status) before UP. */
    private static String worse(String a, String b) {
        if (a.equals("DOWN") || b.equals("DOWN")) {
            return "DOWN";
        }
        return a.equals("UP") ? b : a;
    }

    /** A replica's health report, or null when it does not answer as up (a 503 is DOWN). */
    private CompletableFuture<JsonNode> probe(URI replica) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(replica + "/actuator/health")).timeout(timeout).GET().build();
        return client.sendAsync(request, BodyHandlers.ofString())
                .thenApply(r -> r.statusCode() / 100 == 2 ? parse(r.body()) : null)
                .completeOnTimeout(null, timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .exceptionally(e -> null);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.isObject() ? node : JSON.readTree("{\"status\":\"UP\"}");
        } catch (RuntimeException e) {
            return JSON.readTree("{\"status\":\"UP\"}"); // answered 2xx without a report: it is up
        }
    }
}
