package dev.overcast.firehose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MSK's GetBootstrapBrokers as a small in-test HTTP server (REST-JSON {@code GET /v1/clusters/{arn}/bootstrap-brokers}):
 * answers the plaintext bootstrap string a test registered for a cluster ARN (a broker the test started through common's
 * engine launcher), NotFoundException for any other.
 */
public final class MskStandIn {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CLUSTERS = new ConcurrentHashMap<>();
    private static HttpServer server;

    private MskStandIn() {
    }

    /** Registers a cluster: its ARN and its brokers' plaintext bootstrap string. */
    public static void cluster(String arn, String bootstrap) {
        CLUSTERS.put(arn, bootstrap);
    }

    public static synchronized String url() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/v1/clusters/", exchange -> {
                String path = exchange.getRequestURI().getRawPath();
                String arn = path.endsWith("/bootstrap-brokers") ? URLDecoder.decode(path.substring(
                        "/v1/clusters/".length(), path.length() - "/bootstrap-brokers".length()), StandardCharsets.UTF_8) : null;
                String bootstrap = arn == null ? null : CLUSTERS.get(arn);
                int status = bootstrap == null ? 404 : 200;
                String body = bootstrap == null
                        ? JSON.createObjectNode().put("message", "The cluster " + arn + " does not exist.").toString()
                        : JSON.createObjectNode().put("bootstrapBrokerString", bootstrap).toString();
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                if (bootstrap == null) {
                    exchange.getResponseHeaders().add("x-amzn-ErrorType", "NotFoundException");
                }
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
