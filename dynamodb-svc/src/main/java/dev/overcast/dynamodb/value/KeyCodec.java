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
