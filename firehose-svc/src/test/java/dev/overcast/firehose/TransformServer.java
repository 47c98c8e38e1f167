package dev.overcast.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A transformation function as an in-test HTTP server (the suite has no Lambda): it answers Firehose's transformation
 * event as a Lambda function would, upper-casing each record, dropping those that contain "drop", failing those that
 * contain "fail", and giving each record the partition key {@code first} (its first letter) in its metadata.
 */
public final class TransformServer {

    public static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:upper";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer server;
    /** The events received, for a test to look at. */
    public static final List<JsonNode> EVENTS = new CopyOnWriteArrayList<>();
    /** Called with each event before it is answered (a test looks at the world while the function runs). */
    public static volatile java.util.function.Consumer<JsonNode> onEvent = e -> { };

    private TransformServer() {
    }

    public static synchronized String url() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                JsonNode event = JSON.readTree(exchange.getRequestBody());
                EVENTS.add(event);
                onEvent.accept(event);
                ObjectNode answer = JSON.createObjectNode();
                ArrayNode records = answer.putArray("records");
                for (JsonNode r : event.path("records")) {
                    String data = new String(Base64.getDecoder().decode(r.path("data").asText()), StandardCharsets.UTF_8);
                    ObjectNode out = records.addObject().put("recordId", r.path("recordId").asText());
                    if (data.contains("drop")) {
                        out.put("result", "Dropped");
                    } else if (data.contains("fail")) {
                        out.put("result", "ProcessingFailed");
                    } else {
                        out.put("result", "Ok").put("data", Base64.getEncoder().encodeToString(
                                data.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
                        out.putObject("metadata").putObject("partitionKeys").put("first", data.substring(0, 1));
                    }
                }
                byte[] body = answer.toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }
}
