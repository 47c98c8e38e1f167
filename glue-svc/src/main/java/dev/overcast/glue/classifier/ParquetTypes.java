package dev.overcast.glue.classifier;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;
import software.amazon.awssdk.services.glue.model.Column;

/** Hive types of a Parquet footer's schema (its flattened element list), as Glue's Parquet classifier names them. */
final class ParquetTypes {

    private final List<SchemaElement> elements;
    private int pos;

    private ParquetTypes(List<SchemaElement> elements) {
        this.elements = elements;
    }

    static List<Column> columns(List<SchemaElement> schema) {
        ParquetTypes t = new ParquetTypes(schema);
        SchemaElement root = schema.get(t.pos++);
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < root.getNum_children(); i++) {
            SchemaElement e = schema.get(t.pos);
            out.add(Types.column(e.getName(), t.next()));
        }
        return out;
    }

    /** The type of the element at {@link #pos}, consuming it and its children. */
    private String next() {
        SchemaElement e = elements.get(pos++);
        String type;
        if (e.isSetNum_children() && e.getNum_children() > 0) {
            List<String> fields = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (int i = 0; i < e.getNum_children(); i++) {
                fields.add(elements.get(pos).getName());
                types.add(next());
            }
            if (e.getConverted_type() == ConvertedType.LIST || (e.isSetLogicalType() && e.getLogicalType().isSetLIST())) {
                type = types.get(0).startsWith("struct<") && fields.size() == 1 ? unwrapList(types.get(0)) : types.get(0);
                type = "array<" + type + ">";
            } else if (e.getConverted_type() == ConvertedType.MAP || (e.isSetLogicalType() && e.getLogicalType().isSetMAP())) {
                String kv = types.get(0);
                type = "map<" + kv.substring("struct<".length(), kv.length() - 1).replaceFirst("^[^:]*:", "")
                        .replaceFirst(",[^:,]*:", ",") + ">";
            } else {
                StringBuilder s = new StringBuilder("struct<");
                for (int i = 0; i < fields.size(); i++) {
                    s.append(i == 0 ? "" : ",").append(fields.get(i)).append(':').append(types.get(i));
                }
                type = s.append('>').toString();
            }
        } else {
            type = primitive(e);
        }
        return e.getRepetition_type() == FieldRepetitionType.REPEATED && !type.startsWith("array<")
                && !(e.isSetNum_children() && e.getNum_children() > 0) ? "array<" + type + ">" : type;
    }

    /** A LIST's repeated group of one element: struct<element:T> reads as T. */
    private static String unwrapList(String struct) {
        String inner = struct.substring("struct<".length(), struct.length() - 1);
        int colon = inner.indexOf(':');
        return colon > 0 ? inner.substring(colon + 1) : inner;
    }

    private static String primitive(SchemaElement e) {
        LogicalType l = e.isSetLogicalType() ? e.getLogicalType() : null;
        ConvertedType c = e.isSetConverted_type() ? e.getConverted_type() : null;
        if ((l != null && l.isSetSTRING()) || c == ConvertedType.UTF8 || c == ConvertedType.ENUM
                || (l != null && (l.isSetENUM() || l.isSetJSON())) || c == ConvertedType.JSON) {
            return "string";
        }
        if ((l != null && l.isSetDECIMAL()) || c == ConvertedType.DECIMAL) {
            return "decimal(" + e.getPrecision() + "," + e.getScale() + ")";
        }
        if ((l != null && l.isSetDATE()) || c == ConvertedType.DATE) {
            return "date";
        }
        if ((l != null && l.isSetTIMESTAMP()) || c == ConvertedType.TIMESTAMP_MILLIS || c == ConvertedType.TIMESTAMP_MICROS) {
            return "timestamp";
        }
        if (c == ConvertedType.INT_8) {
            return "tinyint";
        }
        if (c == ConvertedType.INT_16) {
            return "smallint";
        }
        return switch (e.getType()) {
            case BOOLEAN -> "boolean";
            case INT32 -> "int";
            case INT64 -> "bigint";
            case INT96 -> "timestamp";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY -> "binary";
        };
    }
}
