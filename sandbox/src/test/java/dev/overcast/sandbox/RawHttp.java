package dev.overcast.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no HTTP client sends: the exact bytes go out, and the answer is read
 * as it comes (interim {@code 100 Continue} answers noted, a body by Content-Length, chunks or connection end).
 */
final class RawHttp {

    /** An answer: status, headers by lower-case name, body; {@code continued} if a 100 Continue came first. */
    record Answer(int status, Map<String, String> headers, byte[] body, boolean continued, String statusLine) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + headers + " " + (text.length() > 400 ? text.substring(0, 400) + "…" : text);
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} (closing our side after it when {@code halfClose}) and reads one final answer. */
    static Answer exchange(int port, byte[] request, boolean halfClose, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // the server may answer and close before it took everything (headers too large): read its answer
            }
            return read(socket.getInputStream());
        }
    }

    /**
     * Sends the head, waits for an interim or final answer, then (only after a 100 Continue) the body; the answer
     * notes whether a 100 came, and the final status line as sent.
     */
    static Answer expectContinue(int port, byte[] head, byte[] body, Duration timeout) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(head);
            InputStream in = socket.getInputStream();
            Answer first = readOne(in);
            if (first.status() != 100) {
                return first;
            }
            socket.getOutputStream().write(body);
            Answer last = readOne(in);
            return new Answer(last.status(), last.headers(), last.body(), true, last.statusLine());
        }
    }

    static Answer read(InputStream in) throws IOException {
        Answer answer = readOne(in);
        boolean continued = false;
        while (answer.status() == 100) {
            continued = true;
            answer = readOne(in);
        }
        return continued ? new Answer(answer.status(), answer.headers(), answer.body(), true, answer.statusLine()) : answer;
    }

    private static Answer readOne(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed without an answer");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                    (a, b) -> a + "," + b);
        }
        if (status == 100 || status == 204 || status == 304) {
            return new Answer(status, headers, new byte[0], false, statusLine);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = headers.get("content-length");
        if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length)));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                // trailers: none expected
            }
        } else {
            try {
                in.transferTo(body);
            } catch (SocketTimeoutException e) {
                // a keep-alive answer without length: what came is the body
            }
        }
        return new Answer(status, headers, body.toByteArray(), false, statusLine);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
