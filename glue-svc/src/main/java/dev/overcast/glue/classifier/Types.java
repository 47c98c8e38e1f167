package dev.overcast.glue.classifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.Column;

/** Hive type names as the crawler infers them, and the merge of two files' schemas into one table schema. */
public final class Types {

    private static final List<String> NUMERIC_WIDENING = List.of("boolean", "tinyint", "smallint", "int", "bigint",
            "float", "double");

    private Types() {
    }

    /** The type both values fit in: the wider number, else string. */
    public static String widen(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null || a.equals(b)) {
            return a;
        }
        int ia = NUMERIC_WIDENING.indexOf(a);
        int ib = NUMERIC_WIDENING.indexOf(b);
        if (ia > 0 && ib > 0) {
            return NUMERIC_WIDENING.get(Math.max(ia, ib));
        }
        return "string";
    }

    /** Columns of both schemas in order of first appearance (names compared case-insensitively), types widened. */
    public static List<Column> merge(List<Column> a, List<Column> b) {
        Map<String, Column> byName = new LinkedHashMap<>();
        for (Column c : a) {
            byName.put(c.name().toLowerCase(java.util.Locale.ROOT), c);
        }
        for (Column c : b) {
            byName.merge(c.name().toLowerCase(java.util.Locale.ROOT), c,
                    (x, y) -> x.toBuilder().type(widen(x.type(), y.type())).build());
        }
        return new ArrayList<>(byName.values());
    }

    /** The type of a text value of a CSV file. */
    public static String ofText(String v) {
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return "boolean";
        }
        if (v.matches("-?\\d{1,18}")) {
            return "bigint";
        }
        if (v.matches("-?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?")) {
            return "double";
        }
        return "string";
    }

    public static Column column(String name, String type) {
        return Column.builder().name(name.toLowerCase(java.util.Locale.ROOT)).type(type).build();
    }
}
