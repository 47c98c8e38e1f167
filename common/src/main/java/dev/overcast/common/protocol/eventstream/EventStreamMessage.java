package dev.overcast.common.protocol.eventstream;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * One message of the AWS event-stream framing ({@code application/vnd.amazon.eventstream}): a prelude (total
 * length, headers length, prelude CRC32), typed headers, a payload and the message CRC32.
 */
public final class EventStreamMessage {

    /** Prelude (12) plus message CRC (4). */
    public static final int OVERHEAD = 16;
    /** The limits AWS applies. */
    public static final int MAX_MESSAGE_LENGTH = 16 * 1024 * 1024;
    public static final int MAX_HEADERS_LENGTH = 128 * 1024;

    private final Map<String, HeaderValue> headers;
    private final byte[] payload;

    public EventStreamMessage(Map<String, HeaderValue> headers, byte[] payload) {
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.payload = payload == null ? new byte[0] : payload.clone();
    }

    /** An event: {@code :message-type=event}, {@code :event-type}, {@code :content-type}. */
    public static EventStreamMessage event(String eventType, String contentType, byte[] payload) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":message-type", HeaderValue.of("event"));
        h.put(":event-type", HeaderValue.of(eventType));
        if (contentType != null) {
            h.put(":content-type", HeaderValue.of(contentType));
        }
        return new EventStreamMessage(h, payload);
    }

    /** A modeled exception event: {@code :message-type=exception}, {@code :exception-type}. */
    public static EventStreamMessage exception(String exceptionType, String contentType, byte[] payload) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":message-type", HeaderValue.of("exception"));
        h.put(":exception-type", HeaderValue.of(exceptionType));
        if (contentType != null) {
            h.put(":content-type", HeaderValue.of(contentType));
        }
        return new EventStreamMessage(h, payload);
    }

    /** An unmodeled error: {@code :message-type=error}, {@code :error-code}, {@code :error-message}. */
    public static EventStreamMessage error(String code, String message) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":message-type", HeaderValue.of("error"));
        h.put(":error-code", HeaderValue.of(code));
        h.put(":error-message", HeaderValue.of(message == null ? "" : message));
        return new EventStreamMessage(h, new byte[0]);
    }

    public Map<String, HeaderValue> headers() {
        return headers;
    }

    public byte[] payload() {
        return payload.clone();
    }

    /** A string header's value, or {@code null}. */
    public String header(String name) {
        HeaderValue v = headers.get(name);
        return v == null || v.type() != HeaderValue.Type.STRING ? null : v.asString();
    }

    public byte[] encode() {
        byte[] h = encodeHeaders();
        int total = OVERHEAD + h.length + payload.length;
        ByteBuffer buf = ByteBuffer.allocate(total);
        buf.putInt(total).putInt(h.length);
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, 8);
        buf.putInt((int) crc.getValue());
        buf.put(h).put(payload);
        crc.reset();
        crc.update(buf.array(), 0, total - 4);
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    private byte[] encodeHeaders() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (Map.Entry<String, HeaderValue> e : headers.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                if (name.length > 255) {
                    throw new IllegalArgumentException("header name too long: " + e.getKey());
                }
                out.writeByte(name.length);
                out.write(name);
                HeaderValue v = e.getValue();
                out.writeByte(v.type().code());
                Object raw = v.raw();
                switch (v.type()) {
                    case BOOL_TRUE, BOOL_FALSE -> { }
                    case BYTE -> out.writeByte((Byte) raw);
                    case SHORT -> out.writeShort((Short) raw);
                    case INT -> out.writeInt((Integer) raw);
                    case LONG -> out.writeLong((Long) raw);
                    case BYTES -> writeBlock(out, (byte[]) raw);
                    case STRING -> writeBlock(out, ((String) raw).getBytes(StandardCharsets.UTF_8));
                    case TIMESTAMP -> out.writeLong(((Instant) raw).toEpochMilli());
                    case UUID -> {
                        out.writeLong(((UUID) raw).getMostSignificantBits());
                        out.writeLong(((UUID) raw).getLeastSignificantBits());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeBlock(DataOutputStream out, byte[] b) throws IOException {
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("header value too long");
        }
        out.writeShort(b.length);
        out.write(b);
    }

    /** Decodes one complete message; throws {@link IllegalArgumentException} on a bad length or CRC. */
    public static EventStreamMessage decode(byte[] message) {
        if (message.length < OVERHEAD) {
            throw new IllegalArgumentException("message shorter than its prelude");
        }
        ByteBuffer buf = ByteBuffer.wrap(message);
        int total = buf.getInt();
        int headersLength = buf.getInt();
        int preludeCrc = buf.getInt();
        CRC32 crc = new CRC32();
        crc.update(message, 0, 8);
        if ((int) crc.getValue() != preludeCrc) {
            throw new IllegalArgumentException("prelude CRC mismatch");
        }
        if (total != message.length || headersLength < 0 || headersLength > total - OVERHEAD) {
            throw new IllegalArgumentException("inconsistent message lengths");
        }
        crc.reset();
        crc.update(message, 0, total - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(message, total - 4, 4).getInt()) {
            throw new IllegalArgumentException("message CRC mismatch");
        }
        ByteBuffer hb = ByteBuffer.wrap(message, 12, headersLength).slice();
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        try {
            while (hb.hasRemaining()) {
                byte[] name = new byte[hb.get() & 0xFF];
                hb.get(name);
                HeaderValue.Type type = HeaderValue.Type.of(hb.get());
                HeaderValue v = switch (type) {
                    case BOOL_TRUE -> HeaderValue.of(true);
                    case BOOL_FALSE -> HeaderValue.of(false);
                    case BYTE -> HeaderValue.of(hb.get());
                    case SHORT -> HeaderValue.of(hb.getShort());
                    case INT -> HeaderValue.of(hb.getInt());
                    case LONG -> HeaderValue.of(hb.getLong());
                    case BYTES -> HeaderValue.of(readBlock(hb));
                    case STRING -> HeaderValue.of(new String(readBlock(hb), StandardCharsets.UTF_8));
                    case TIMESTAMP -> HeaderValue.of(Instant.ofEpochMilli(hb.getLong()));
                    case UUID -> HeaderValue.of(new UUID(hb.getLong(), hb.getLong()));
                };
                headers.put(new String(name, StandardCharsets.UTF_8), v);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated headers", e);
        }
        byte[] payload = Arrays.copyOfRange(message, 12 + headersLength, total - 4);
        return new EventStreamMessage(headers, payload);
    }

    private static byte[] readBlock(ByteBuffer b) {
        byte[] v = new byte[b.getShort() & 0xFFFF];
        b.get(v);
        return v;
    }

    /** Reads the next message of a stream; {@code null} at a clean end of stream. */
    public static EventStreamMessage read(InputStream in) throws IOException {
        byte[] prelude = new byte[12];
        int n = in.readNBytes(prelude, 0, 12);
        if (n == 0) {
            return null;
        }
        if (n < 12) {
            throw new EOFException("truncated event-stream prelude");
        }
        int total = ByteBuffer.wrap(prelude).getInt();
        if (total < OVERHEAD || total > MAX_MESSAGE_LENGTH) {
            throw new IOException("invalid event-stream message length " + total);
        }
        byte[] message = Arrays.copyOf(prelude, total);
        if (in.readNBytes(message, 12, total - 12) < total - 12) {
            throw new EOFException("truncated event-stream message");
        }
        try {
            return decode(message);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventStreamMessage m && m.headers.equals(headers) && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return headers.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "EventStreamMessage" + headers + " (" + payload.length + " bytes)";
    }
}
