package dev.overcast.glue.classifier;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import software.amazon.awssdk.services.glue.model.Column;

/** Hive types of an Avro schema, as Glue's Avro classifier names them. */
final class AvroTypes {

    private AvroTypes() {
    }

    static List<Column> columns(Schema record) {
        return record.getFields().stream().map(f -> Types.column(f.name(), type(f.schema()))).toList();
    }

    static String type(Schema s) {
        LogicalType logical = s.getLogicalType();
        if (logical != null) {
            switch (logical.getName()) {
                case "date" -> {
                    return "date";
                }
                case "timestamp-millis", "timestamp-micros" -> {
                    return "timestamp";
                }
                case "decimal" -> {
                    org.apache.avro.LogicalTypes.Decimal d = (org.apache.avro.LogicalTypes.Decimal) logical;
                    return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
                }
                default -> {
                }
            }
        }
        return switch (s.getType()) {
            case INT -> "int";
            case LONG -> "bigint";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            case BYTES, FIXED -> "binary";
            case STRING, ENUM -> "string";
            case ARRAY -> "array<" + type(s.getElementType()) + ">";
            case MAP -> "map<string," + type(s.getValueType()) + ">";
            case RECORD -> "struct<" + s.getFields().stream().map(f -> f.name() + ":" + type(f.schema()))
                    .collect(Collectors.joining(",")) + ">";
            case UNION -> {
                List<Schema> types = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
                yield types.size() == 1 ? type(types.get(0)) : "string";
            }
            case NULL -> "string";
        };
    }
}
