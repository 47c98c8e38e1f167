package dev.overcast.common.protocol.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Text conversion of scalar members, for every textual location: XML text, headers, query parameters and URI
 * labels. Timestamps go through {@link Timestamps} with the location's default format.
 */
public final class Scalars {

    private Scalars() {
    }

    /** Parses text into the member's type; throws {@link IllegalArgumentException} when it does not fit. */
    public static Object parse(String text, Member m, Timestamps.Where where) {
        try {
            return switch (m.type()) {
                case STRING -> m.jsonValue() ? decodeJsonValue(text) : text;
                case INTEGER -> Integer.valueOf(text.trim());
                case LONG -> Long.valueOf(text.trim());
                case SHORT -> Short.valueOf(text.trim());
                case BYTE -> Byte.valueOf(text.trim());
                case FLOAT -> Float.valueOf(parseDouble(text).floatValue());
                case DOUBLE -> parseDouble(text);
                case BIG_DECIMAL -> new BigDecimal(text.trim());
                case BOOLEAN -> parseBoolean(text);
                case INSTANT -> Timestamps.parse(text, Timestamps.effective(m, where));
                case SDK_BYTES -> SdkBytes.fromByteArrayUnsafe(where == Timestamps.Where.XML_BODY
                        ? Base64.getMimeDecoder().decode(text.trim()) : Base64.getDecoder().decode(text.trim()));
                default -> throw new IllegalArgumentException("not a scalar member: " + m);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value for " + m.name() + ": " + text, e);
        }
    }

    /** Formats a scalar value as text. */
    public static String format(Object value, Member m, Timestamps.Where where) {
        return switch (m.type()) {
            case STRING -> m.jsonValue()
                    ? Base64.getEncoder().encodeToString(value.toString().getBytes(StandardCharsets.UTF_8))
                    : value.toString();
            case FLOAT, DOUBLE -> formatDouble(((Number) value).doubleValue(), m.type()
                    == software.amazon.awssdk.core.protocol.MarshallingKnownType.FLOAT);
            case BIG_DECIMAL -> ((BigDecimal) value).toPlainString();
            case INSTANT -> Timestamps.format((Instant) value, Timestamps.effective(m, where));
            case SDK_BYTES -> Base64.getEncoder().encodeToString(((SdkBytes) value).asByteArrayUnsafe());
            default -> value.toString();
        };
    }

    private static String decodeJsonValue(String text) {
        return new String(Base64.getDecoder().decode(text.trim()), StandardCharsets.UTF_8);
    }

    private static Double parseDouble(String text) {
        return switch (text.trim()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.valueOf(text.trim());
        };
    }

    private static String formatDouble(double d, boolean asFloat) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return asFloat ? Float.toString((float) d) : Double.toString(d);
    }

    private static Boolean parseBoolean(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (t.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("invalid boolean: " + text);
    }
}
