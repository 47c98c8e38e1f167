package dev.overcast.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Glue's GetTable as a small in-test HTTP server (glue-svc is written elsewhere): answers {@code AWSGlue.GetTable} in
 * JSON 1.1 with the columns a test registered, and EntityNotFoundException for any other table.
 */
public final class GlueStandIn {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Map<String, String>> TABLES = new ConcurrentHashMap<>();
    private static HttpServer server;

    private GlueStandIn() {
    }

    /** Registers a table: column name → Glue (Hive) type, in order. */
    public static void table(String database, String table, Map<String, String> columns) {
        TABLES.put(database + "." + table, columns);
    }

    public static synchronized String url() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                JsonNode request = JSON.readTree(exchange.getRequestBody());
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                String key = request.path("DatabaseName").asText() + "." + request.path("Name").asText();
                Map<String, String> columns = TABLES.get(key);
                ObjectNode answer = JSON.createObjectNode();
                int status = 200;
                if (!"AWSGlue.GetTable".equals(target) || columns == null) {
                    status = 400;
                    answer.put("__type", "EntityNotFoundException").put("Message", "Table " + key + " not found.");
                } else {
                    ObjectNode table = answer.putObject("Table").put("Name", request.path("Name").asText())
                            .put("DatabaseName", request.path("DatabaseName").asText());
                    var list = table.putObject("StorageDescriptor").putArray("Columns");
                    columns.forEach((name, type) -> list.addObject().put("Name", name).put("Type", type));
                }
                byte[] body = answer.toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
