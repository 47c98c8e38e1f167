package dev.overcast.kafka.connector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Kafka Connect worker's REST API on loopback: a connector's configuration submitted
 * ({@code PUT /connectors/<name>/config}), its status read ({@code GET /connectors/<name>/status}).
 */
final class WorkerRest {

    /** A state of the connector or of one of its tasks, with the trace Connect gives a FAILED one. */
    record State(String state, String trace) {

        boolean failed() {
            return "FAILED".equals(state);
        }
    }

    /** The connector's status: its own state and its tasks'. */
    record Status(State connector, List<State> tasks) {

        boolean running() {
            return "RUNNING".equals(connector.state()) && !tasks.isEmpty()
                    && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
        }

        /** The first failure (the connector's, else a task's), or null. */
        State failure() {
            return connector.failed() ? connector : tasks.stream().filter(State::failed).findFirst().orElse(null);
        }
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WorkerRest() {
    }

    /** Creates or reconfigures the connector on the worker. */
    static void putConfig(int port, String name, Map<String, String> config) {
        StringWriter body = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(body)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : config.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(port, name, "config"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("The worker refused the connector configuration (" + response.statusCode() + "): "
                    + message(response.body()));
        }
    }

    /** The connector's status; null while the worker does not know it yet. */
    static Status status(int port, String name) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(port, name, "status")).GET());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("The worker answered " + response.statusCode() + ": " + message(response.body()));
        }
        try (JsonParser p = JSON.createParser(response.body())) {
            State connector = null;
            List<State> tasks = new ArrayList<>();
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("connector".equals(field)) {
                    connector = state(p);
                } else if ("tasks".equals(field)) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        tasks.add(state(p));
                    }
                } else {
                    p.skipChildren();
                }
            }
            return new Status(connector == null ? new State("UNASSIGNED", null) : connector, tasks);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable status from the worker: " + response.body(), e);
        }
    }

    /** Reads {@code {"state": …, "trace": …, …}} (the parser on its START_OBJECT). */
    private static State state(JsonParser p) throws IOException {
        String state = null;
        String trace = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "state" -> state = p.getText();
                case "trace" -> trace = p.getText();
                default -> p.skipChildren();
            }
        }
        return new State(state, trace);
    }

    private static String message(String body) {
        try (JsonParser p = JSON.createParser(body)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "message".equals(p.currentName())
                        && p.nextToken() == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
            }
        } catch (IOException e) {
            // not JSON: the body as it is
        }
        return body;
    }

    private static URI uri(int port, String name, String what) {
        return URI.create("http://127.0.0.1:" + port + "/connectors/"
                + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20") + "/" + what);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("The worker's REST API did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
