package dev.overcast.dynamodb.value;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Key values in a byte-comparable encoding: unsigned byte order of the encodings is DynamoDB's order of the
 * values. S is its UTF-8 bytes, B itself; N is a sign class, a two-byte exponent and the significant digits
 * (all inverted for negative numbers, which end in 0xFF so that a longer negative mantissa sorts first).
 */
public final class KeyCodec {

    public static final byte[] EMPTY = new byte[0];

    private KeyCodec() {
    }

    public static byte[] encode(AttributeValue v) {
        if (v == null) {
            return EMPTY;
        }
        return switch (v.type()) {
            case S -> v.s().getBytes(StandardCharsets.UTF_8);
            case B -> v.b().asByteArray();
            case N -> encodeNumber(new BigDecimal(v.n()));
            default -> throw new IllegalArgumentException("not a key type: " + v.type());
        };
    }

    /**
     * The values of a key made of several attributes as one byte-comparable tuple: each value's encoding with its
     * 0x00 bytes escaped as 0x00 0xFF, ended by 0x00 0x00 (below any continuation), so that the tuples sort as their
     * values do, first attribute first. A key of one attribute keeps that attribute's plain encoding.
     */
    public static byte[] encodeAll(java.util.List<AttributeValue> values) {
        if (values.size() == 1) {
            return encode(values.get(0));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (AttributeValue v : values) {
            out.writeBytes(component(encode(v), true));
        }
        return out.toByteArray();
    }

    /** One value's part of a tuple ({@link #encodeAll}), with or without the end mark (without: a prefix of it). */
    public static byte[] component(byte[] encoded, boolean ended) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length + 2);
        for (byte b : encoded) {
            out.write(b);
            if (b == 0) {
                out.write(0xFF);
            }
        }
        if (ended) {
            out.write(0);
            out.write(0);
        }
        return out.toByteArray();
    }

    static byte[] encodeNumber(BigDecimal d) {
        if (d.signum() == 0) {
            return new byte[] {0x02};
        }
        BigDecimal abs = d.abs().stripTrailingZeros();
        String digits = abs.unscaledValue().toString();
        // abs = 0.d1d2…dn × 10^exp
        int exp = digits.length() - abs.scale();
        ByteArrayOutputStream out = new ByteArrayOutputStream(digits.length() + 4);
        boolean negative = d.signum() < 0;
        out.write(negative ? 0x01 : 0x03);
        int e = exp + 0x8000;
        int hi = (e >> 8) & 0xFF;
        int lo = e & 0xFF;
        out.write(negative ? 0xFF - hi : hi);
        out.write(negative ? 0xFF - lo : lo);
        for (int i = 0; i < digits.length(); i++) {
            int b = digits.charAt(i) - '0' + 1;
            out.write(negative ? 0xFF - b : b);
        }
        if (negative) {
            out.write(0xFF);
        }
        return out.toByteArray();
    }
}
