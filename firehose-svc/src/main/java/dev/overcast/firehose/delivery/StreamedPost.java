package dev.overcast.firehose.delivery;

import dev.overcast.firehose.processing.Item;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * An HTTP POST whose body is sent as it is written (chunked transfer encoding, gzip-compressed on the way when asked,
 * flushed every MiB written), opened when the first bytes are written: a delivery hands its records to the destination
 * while it still reads the buffer, and never holds the body whole. {@link Request} is a destination's request on it.
 */
final class StreamedPost {

    private static final int CHUNK = 64 * 1024;
    /** Written bytes after which the body is flushed (a gzip body too), so the destination receives it as it comes. */
    private static final int FLUSH_EVERY = 1024 * 1024;

    /** The destination's answer. */
    record Response(int status, String body) {
    }

    private final URI uri;
    private final Map<String, String> headers;
    private final boolean gzip;
    private final Duration timeout;
    private HttpURLConnection connection;
    private OutputStream body;
    private long unflushed;

    StreamedPost(URI uri, Map<String, String> headers, boolean gzip, Duration timeout) {
        this.uri = uri;
        this.headers = headers;
        this.gzip = gzip;
        this.timeout = timeout;
    }

    void write(byte[] bytes) throws IOException {
        if (body == null) {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setDoOutput(true);
            connection.setChunkedStreamingMode(CHUNK);
            headers.forEach(connection::setRequestProperty);
            if (gzip) {
                connection.setRequestProperty("Content-Encoding", "gzip");
            }
            OutputStream out = connection.getOutputStream();
            body = gzip ? new GZIPOutputStream(out, CHUNK, true) : out;
        }
        body.write(bytes);
        unflushed += bytes.length;
        if (unflushed >= FLUSH_EVERY) {
            body.flush();
            unflushed = 0;
        }
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Ends the body and reads the answer. */
    Response finish() throws IOException {
        body.close();
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (in != null) {
            in.close();
        }
        return new Response(status, text);
    }

    /** Gives the request up, its connection closed. */
    void abandon() {
        if (connection != null) {
            connection.disconnect();
        }
    }

    /**
     * A destination's request on a streamed POST, fed record by record: what the destinations reached over HTTP share
     * (a write that fails is remembered and ends the attempt; an unreachable destination is an attempt's error).
     */
    abstract static class Request implements RetryingDelivery.Request {
        protected final StreamedPost post;
        private final String destination;
        private String error;

        /** {@code destination} names it in errors ("The HTTP endpoint"…). */
        Request(StreamedPost post, String destination) {
            this.post = post;
            this.destination = destination;
        }

        /** Writes a record into the body. */
        protected abstract void write(Item item) throws IOException;

        /** Writes what ends the body (nothing by default). */
        protected void end() throws IOException {
        }

        /** Reads the destination's answer. */
        protected abstract RetryingDelivery.Attempt answer(Response r) throws IOException, InterruptedException;

        @Override
        public final void add(Item item) {
            if (error != null) {
                return;
            }
            try {
                write(item);
            } catch (IOException | RuntimeException e) {
                error = destination + " could not be reached: " + e;
            }
        }

        @Override
        public final RetryingDelivery.Attempt finish() {
            if (error != null) {
                post.abandon();
                return new RetryingDelivery.Attempt(error);
            }
            try {
                end();
                return answer(post.finish());
            } catch (IOException | RuntimeException e) {
                post.abandon();
                return new RetryingDelivery.Attempt(destination + " could not be reached: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new RetryingDelivery.Attempt("interrupted");
            }
        }

        @Override
        public void abandon() {
            post.abandon();
        }
    }
}
