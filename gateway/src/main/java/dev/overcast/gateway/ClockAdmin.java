package dev.overcast.gateway;

import dev.overcast.common.time.ClockServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /_overcast/clock} on the gateway, the suite's clock for every service at once. {@code GET} answers each
 * service's time; {@code POST {"advance": "P31D"}} (403 unless {@code OVERCAST_ADMIN=true}) moves every service's clock
 * on through its own {@code /_overcast/clock} (one replica of each: it records the advance for the others), so the jobs
 * that fall due (lifecycle, retention, TTL, restore expiry) run at once, and answers the new suite time. A service that
 * does not take the advance makes the answer a 502 naming it.
 */
final class ClockAdmin {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ServiceRouter router;
    private final boolean admin;
    private final Duration timeout;
    private final HttpClient client;

    ClockAdmin(ServiceRouter router, boolean admin, Duration timeout) {
        this.router = router;
        this.admin = admin;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (method.equals("GET")) {
            send(response, "GET", null);
        } else if (method.equals("POST")) {
            if (!admin) {
                ClockServlet.write(response, 403, ClockServlet.error("AccessDenied", "Moving the suite's clock needs OVERCAST_ADMIN=true"));
                return;
            }
            byte[] body = request.getInputStream().readAllBytes();
            try {
                ClockServlet.parseAdvance(JSON.readTree(body));
            } catch (JacksonException | IllegalArgumentException e) {
                ClockServlet.write(response, 400, ClockServlet.error("ValidationException", e.getMessage()));
                return;
            }
            send(response, "POST", body);
        } else {
            response.setHeader("Allow", "GET, POST");
            ClockServlet.write(response, 405, ClockServlet.error("MethodNotAllowed", "The clock takes GET and POST"));
        }
    }

    /** The same call on one replica of every service; the answer gathers theirs, the latest time as the suite's. */
    private void send(HttpServletResponse response, String method, byte[] body) throws IOException {
        List<ServiceRouter.Target> targets = router.services().values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name())).toList();
        List<CompletableFuture<HttpResponse<String>>> calls = targets.stream().map(t -> {
            HttpRequest.Builder call = HttpRequest.newBuilder(URI.create(t.baseUri() + ClockServlet.PATH)).timeout(timeout);
            if (body != null) {
                call.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            }
            return client.sendAsync(call.build(), HttpResponse.BodyHandlers.ofString());
        }).toList();
        Map<String, Object> services = new LinkedHashMap<>();
        String latest = null;
        int status = 200;
        for (int i = 0; i < targets.size(); i++) {
            String name = targets.get(i).name();
            try {
                HttpResponse<String> answer = calls.get(i).join();
                JsonNode node = JSON.readTree(answer.body());
                services.put(name, node);
                if (answer.statusCode() != 200) {
                    status = answer.statusCode() == 403 ? 403 : 502;
                } else if (latest == null || node.path("now").asString("").compareTo(latest) > 0) {
                    latest = node.path("now").asString();
                }
            } catch (RuntimeException e) {
                services.put(name, ClockServlet.error("ServiceUnavailable", name + " did not answer: " + e.getMessage()));
                status = 502;
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (latest != null) {
            answer.put("now", latest);
        }
        answer.put("services", services);
        ClockServlet.write(response, status, answer);
    }
}
