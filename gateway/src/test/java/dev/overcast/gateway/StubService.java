package dev.overcast.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake backend service: answers with what it received (service name, method, raw URI, headers, body
 * size). {@code /status/NNN} answers with that status, {@code /download/N} streams N bytes, HEAD answers
 * {@code Content-Length: 12345} without a body, {@code /actuator/health} answers UP, {@code /headers} answers a
 * Content-Type Tomcat would re-render and a header repeated.
 */
final class StubService implements AutoCloseable {

    private final String name;
    private final HttpServer server;

    StubService(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(24));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rawPath = exchange.getRequestURI().getRawPath();
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = exchange.getRequestBody()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    size += n;
                }
            }
            var out = exchange.getResponseHeaders();
            out.set("x-stub-service", name);
            out.set("ETag", "\"0123abcd\"");
            out.set("x-amz-request-id", "REQ-" + name);
            if (rawPath.equals("/actuator/health")) {
                send(exchange, 200, "{\"status\":\"UP\"}");
                return;
            }
            if (exchange.getRequestMethod().equals("HEAD")) {
                out.set("Content-Length", "12345");
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            if (rawPath.startsWith("/download/")) {
                long total = Long.parseLong(rawPath.substring("/download/".length()));
                out.set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, total);
                try (OutputStream body = exchange.getResponseBody()) {
                    for (long left = total; left > 0; ) {
                        int n = (int) Math.min(buffer.length, left);
                        body.write(buffer, 0, n);
                        left -= n;
                    }
                }
                return;
            }
            if (rawPath.equals("/headers")) {
                out.set("Content-Type", "text/plain; charset=UTF-8");
                out.add("x-amz-meta-twice", "first");
                out.add("x-amz-meta-twice", "second");
                send(exchange, 200, "headers");
                return;
            }
            if (rawPath.startsWith("/status/")) {
                int status = Integer.parseInt(rawPath.substring("/status/".length()));
                if (status == 304) {
                    exchange.sendResponseHeaders(304, -1);
                    return;
                }
                if (status == 206) {
                    out.set("Content-Range", "bytes 0-3/10");
                    send(exchange, 206, "abcd");
                    return;
                }
                send(exchange, status, "<Error><Code>PreconditionFailed</Code></Error>");
                return;
            }
            StringBuilder echo = new StringBuilder()
                    .append("service=").append(name).append('\n')
                    .append("method=").append(exchange.getRequestMethod()).append('\n')
                    .append("uri=").append(exchange.getRequestURI().toString()).append('\n');
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                for (String value : header.getValue()) {
                    echo.append("header:").append(header.getKey().toLowerCase()).append('=').append(value).append('\n');
                }
            }
            echo.append("bodyBytes=").append(size).append('\n');
            send(exchange, 200, echo.toString());
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
