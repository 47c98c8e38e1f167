package dev.overcast.firehose.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.overcast.firehose.conversion.RecordConversion.Field;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.firehose.model.Deserializer;
import software.amazon.awssdk.services.firehose.model.HiveJsonSerDe;
import software.amazon.awssdk.services.firehose.model.OpenXJsonSerDe;

/**
 * How a JSON record becomes a row, by the input format's deserializer: the OpenX JSON SerDe (CaseInsensitive, on by
 * default; ColumnToJsonKeyMappings, a column read from another JSON key; ConvertDotsInJsonKeysToUnderscores) or the Hive
 * JSON SerDe (members matched case-insensitively; TimestampFormats, JodaTime patterns or {@code millis}, tried in
 * order). A member the table lacks is ignored; a value that does not fit its column fails the record. Values: String,
 * Long (integers, a date's epoch day, a timestamp's epoch milliseconds), Double, Boolean, BigDecimal (scaled to the
 * column's scale, HALF_UP, within its precision), List (array), Map (map, its keys of the key type), Object[] (struct,
 * one value per field).
 */
final class JsonRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Field> fields;
    private final boolean caseInsensitive;
    private final boolean dotsToUnderscores;
    /** Top-level JSON key (lower case when case-insensitive) to its column's place. */
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<DateTimeFormatter> timestampFormats = new ArrayList<>();
    private boolean millis;

    JsonRows(List<Field> fields, Deserializer deserializer) {
        this.fields = fields;
        OpenXJsonSerDe openX = deserializer == null ? null : deserializer.openXJsonSerDe();
        HiveJsonSerDe hive = deserializer == null ? null : deserializer.hiveJsonSerDe();
        this.caseInsensitive = openX == null || !Boolean.FALSE.equals(openX.caseInsensitive());
        this.dotsToUnderscores = openX != null && Boolean.TRUE.equals(openX.convertDotsInJsonKeysToUnderscores());
        for (int i = 0; i < fields.size(); i++) {
            columns.put(key(fields.get(i).name()), i);
        }
        if (openX != null && openX.hasColumnToJsonKeyMappings()) {
            openX.columnToJsonKeyMappings().forEach((column, jsonKey) -> {
                Integer place = columns.remove(key(column));
                if (place == null) {
                    place = columns.get(key(column.toLowerCase(Locale.ROOT)));
                }
                if (place != null) {
                    columns.put(key(jsonKey), place);
                }
            });
        }
        if (hive != null && hive.hasTimestampFormats()) {
            for (String format : hive.timestampFormats()) {
                if (format.equals("millis")) {
                    millis = true;
                } else {
                    timestampFormats.add(DateTimeFormatter.ofPattern(format, Locale.ROOT));
                }
            }
        }
    }

    private String key(String jsonKey) {
        String k = dotsToUnderscores ? jsonKey.replace('.', '_') : jsonKey;
        return caseInsensitive ? k.toLowerCase(Locale.ROOT) : k;
    }

    /** A JSON record as a row, one value per column (null when absent). */
    Object[] row(byte[] record) throws IOException {
        JsonNode json = JSON.readTree(record);
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("The record is not a JSON object");
        }
        Object[] row = new Object[fields.size()];
        for (var e : json.properties()) {
            Integer i = columns.get(key(e.getKey()));
            if (i != null && !e.getValue().isNull()) {
                row[i] = value(fields.get(i).name(), fields.get(i).type(), e.getValue());
            }
        }
        return row;
    }

    private Object value(String name, ColumnType t, JsonNode v) {
        return switch (t.kind()) {
            case STRING -> v.isValueNode() ? v.asText() : v.toString();
            case INT -> (long) Math.toIntExact(integral(name, v));
            case SMALLINT -> inRange(name, integral(name, v), Short.MIN_VALUE, Short.MAX_VALUE);
            case TINYINT -> inRange(name, integral(name, v), Byte.MIN_VALUE, Byte.MAX_VALUE);
            case BIGINT -> integral(name, v);
            case DOUBLE, FLOAT -> number(name, v);
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw new IllegalArgumentException("The value of " + name + " is not a boolean: " + v);
                }
                yield v.booleanValue();
            }
            case DATE -> LocalDate.parse(v.asText()).toEpochDay();
            case TIMESTAMP -> timestamp(v);
            case DECIMAL -> decimal(name, t, v);
            case ARRAY -> {
                if (!v.isArray()) {
                    throw new IllegalArgumentException("The value of " + name + " is not an array: " + v);
                }
                List<Object> list = new ArrayList<>(v.size());
                for (JsonNode e : v) {
                    list.add(e.isNull() ? null : value(name, t.element(), e));
                }
                yield list;
            }
            case MAP -> {
                if (!v.isObject()) {
                    throw new IllegalArgumentException("The value of " + name + " is not a JSON object (a map): " + v);
                }
                Map<Object, Object> map = new LinkedHashMap<>();
                for (var e : v.properties()) {
                    map.put(value(name, t.key(), TextNode.valueOf(e.getKey())),
                            e.getValue().isNull() ? null : value(name, t.value(), e.getValue()));
                }
                yield map;
            }
            case STRUCT -> {
                if (!v.isObject()) {
                    throw new IllegalArgumentException("The value of " + name + " is not a JSON object (a struct): " + v);
                }
                Object[] struct = new Object[t.names().size()];
                for (var e : v.properties()) {
                    int i = t.names().indexOf(key(e.getKey()).toLowerCase(Locale.ROOT));
                    if (i >= 0 && !e.getValue().isNull()) {
                        struct[i] = value(name + "." + t.names().get(i), t.children().get(i), e.getValue());
                    }
                }
                yield struct;
            }
        };
    }

    private static BigDecimal decimal(String name, ColumnType t, JsonNode v) {
        BigDecimal d;
        if (v.isNumber()) {
            d = v.decimalValue();
        } else if (v.isTextual()) {
            try {
                d = new BigDecimal(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The value of " + name + " is not a decimal: " + v);
            }
        } else {
            throw new IllegalArgumentException("The value of " + name + " is not a decimal: " + v);
        }
        d = d.setScale(t.scale(), RoundingMode.HALF_UP);
        if (d.precision() - d.scale() > t.precision() - t.scale()) {
            throw new IllegalArgumentException("The value of " + name + " does not fit decimal(" + t.precision() + ","
                    + t.scale() + "): " + v);
        }
        return d;
    }

    private static long inRange(String name, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("The value of " + name + " is out of the column's range: " + v);
        }
        return v;
    }

    private static long integral(String name, JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                // falls through
            }
        }
        throw new IllegalArgumentException("The value of " + name + " is not an integer: " + v);
    }

    private static double number(String name, JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        throw new IllegalArgumentException("The value of " + name + " is not a number: " + v);
    }

    /**
     * A timestamp as epoch milliseconds. With the Hive JSON SerDe's TimestampFormats: each pattern in turn
     * ({@code millis}: epoch milliseconds), the time in UTC unless the pattern has a zone. Without: a number (epoch
     * milliseconds) or ISO-8601 text, with or without an offset ({@code T} or a space between date and time).
     */
    private long timestamp(JsonNode v) {
        if (!timestampFormats.isEmpty() || millis) {
            if (millis && (v.isIntegralNumber() || v.isTextual() && v.asText().trim().matches("-?\\d+"))) {
                return v.isIntegralNumber() ? v.longValue() : Long.parseLong(v.asText().trim());
            }
            String text = v.asText();
            for (DateTimeFormatter f : timestampFormats) {
                try {
                    TemporalAccessor t = f.parseBest(text, ZonedDateTime::from, OffsetDateTime::from,
                            LocalDateTime::from, LocalDate::from);
                    return switch (t) {
                        case ZonedDateTime z -> z.toInstant().toEpochMilli();
                        case OffsetDateTime o -> o.toInstant().toEpochMilli();
                        case LocalDateTime l -> l.toInstant(ZoneOffset.UTC).toEpochMilli();
                        default -> ((LocalDate) t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                    };
                } catch (DateTimeParseException e) {
                    // the next format
                }
            }
            throw new IllegalArgumentException("The timestamp " + v + " matches none of the TimestampFormats");
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        String text = v.asText();
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
    }
}
