package dev.overcast.common.protocol.eventstream;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * A typed header value of an event-stream message. The wire type codes: 0 true, 1 false, 2 byte, 3 short,
 * 4 int, 5 long, 6 byte array, 7 string, 8 timestamp (epoch millis), 9 UUID.
 */
public final class HeaderValue {

    public enum Type {
        BOOL_TRUE, BOOL_FALSE, BYTE, SHORT, INT, LONG, BYTES, STRING, TIMESTAMP, UUID;

        public int code() {
            return ordinal();
        }

        static Type of(int code) {
            Type[] all = values();
            if (code < 0 || code >= all.length) {
                throw new IllegalArgumentException("unknown header value type " + code);
            }
            return all[code];
        }
    }

    private final Type type;
    private final Object value;

    private HeaderValue(Type type, Object value) {
        this.type = type;
        this.value = value;
    }

    public static HeaderValue of(boolean b) {
        return new HeaderValue(b ? Type.BOOL_TRUE : Type.BOOL_FALSE, b);
    }

    public static HeaderValue of(byte b) {
        return new HeaderValue(Type.BYTE, b);
    }

    public static HeaderValue of(short s) {
        return new HeaderValue(Type.SHORT, s);
    }

    public static HeaderValue of(int i) {
        return new HeaderValue(Type.INT, i);
    }

    public static HeaderValue of(long l) {
        return new HeaderValue(Type.LONG, l);
    }

    public static HeaderValue of(byte[] bytes) {
        return new HeaderValue(Type.BYTES, bytes.clone());
    }

    public static HeaderValue of(String s) {
        return new HeaderValue(Type.STRING, Objects.requireNonNull(s));
    }

    /** A timestamp; millisecond precision on the wire. */
    public static HeaderValue of(Instant t) {
        return new HeaderValue(Type.TIMESTAMP, Instant.ofEpochMilli(t.toEpochMilli()));
    }

    public static HeaderValue of(UUID u) {
        return new HeaderValue(Type.UUID, Objects.requireNonNull(u));
    }

    public Type type() {
        return type;
    }

    /** The value: Boolean, Byte, Short, Integer, Long, byte[] (a copy), String, Instant or UUID. */
    public Object value() {
        return value instanceof byte[] b ? b.clone() : value;
    }

    public boolean asBoolean() {
        return (Boolean) value;
    }

    public String asString() {
        return (String) value;
    }

    public byte[] asBytes() {
        return ((byte[]) value).clone();
    }

    public long asLong() {
        return ((Number) value).longValue();
    }

    public Instant asTimestamp() {
        return (Instant) value;
    }

    public UUID asUuid() {
        return (UUID) value;
    }

    Object raw() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HeaderValue h) || h.type != type) {
            return false;
        }
        return value instanceof byte[] b ? Arrays.equals(b, (byte[]) h.value) : value.equals(h.value);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + (value instanceof byte[] b ? Arrays.hashCode(b) : value.hashCode());
    }

    @Override
    public String toString() {
        return type + ":" + (value instanceof byte[] b ? Arrays.toString(b) : value);
    }
}
