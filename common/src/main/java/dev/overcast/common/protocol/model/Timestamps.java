package dev.overcast.common.protocol.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import software.amazon.awssdk.core.traits.TimestampFormatTrait.Format;

/** The one place timestamps are formatted and parsed, in every format AWS protocols use. */
public final class Timestamps {

    private static final DateTimeFormatter ISO_MILLIS = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss").appendLiteral('.')
            .appendValue(ChronoField.MILLI_OF_SECOND, 3).appendLiteral('Z')
            .toFormatter(Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** Where a timestamp is written; decides the default format. */
    public enum Where { HEADER, QUERY, PATH, JSON_BODY, XML_BODY, CBOR_BODY }

    public static Format defaultFormat(Where where) {
        return switch (where) {
            case HEADER -> Format.RFC_822;
            case QUERY, PATH, XML_BODY -> Format.ISO_8601;
            case JSON_BODY -> Format.UNIX_TIMESTAMP;
            case CBOR_BODY -> Format.UNIX_TIMESTAMP_MILLIS;
        };
    }

    public static Format effective(Member member, Where where) {
        Format f = member.timestampFormat();
        return f != null ? f : defaultFormat(where);
    }

    /** A timestamp as text in the given format (epoch formats as decimal numbers). */
    public static String format(Instant instant, Format format) {
        return switch (format) {
            case ISO_8601 -> ISO_MILLIS.format(instant);
            case RFC_822 -> RFC_1123.format(instant);
            case UNIX_TIMESTAMP -> epochSeconds(instant).toPlainString();
            case UNIX_TIMESTAMP_MILLIS -> Long.toString(instant.toEpochMilli());
        };
    }

    /** Epoch seconds with up to millisecond precision, without trailing zeros. */
    public static BigDecimal epochSeconds(Instant instant) {
        BigDecimal d = BigDecimal.valueOf(instant.toEpochMilli(), 3).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    public static Instant fromEpochSeconds(BigDecimal seconds) {
        return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP)
                .longValueExact());
    }

    /**
     * Parses text in the given format; lenient: any of ISO 8601, RFC 1123 or epoch seconds is accepted whatever
     * the expected format. Throws {@link IllegalArgumentException} when unparseable.
     */
    public static Instant parse(String text, Format format) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty timestamp");
        }
        char c = s.charAt(0);
        try {
            if (Character.isDigit(c) || c == '-') {
                if (s.length() >= 10 && s.charAt(4) == '-') {
                    return DateTimeFormatter.ISO_DATE_TIME.withZone(ZoneOffset.UTC).parse(s, Instant::from);
                }
                BigDecimal d = new BigDecimal(s);
                return format == Format.UNIX_TIMESTAMP_MILLIS
                        ? Instant.ofEpochMilli(d.longValue()) : fromEpochSeconds(d);
            }
            return DateTimeFormatter.RFC_1123_DATE_TIME.parse(s, Instant::from);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("invalid timestamp: " + text, e);
        }
    }
}
