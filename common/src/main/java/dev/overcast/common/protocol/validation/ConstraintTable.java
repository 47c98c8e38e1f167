package dev.overcast.common.protocol.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The constraints of one API's input shapes, read from the compact table {@code scripts/constraints.py} writes from
 * botocore's model ({@code overcast/constraints/<api id>.json} on the class path): per operation its input shape,
 * per shape its constraints and the shapes of its members, elements, keys and values. Shape names are the model's.
 */
final class ConstraintTable {

    /** One shape of the model: its type, its own constraints and where its parts lead. */
    record ShapeRule(String type, Long min, Long max, Pattern pattern, String patternText, List<String> enumValues,
                     List<String> required, Map<String, String> members, String member, String key, String value) {

        boolean isString() {
            return type.equals("string");
        }

        boolean isNumeric() {
            return type.equals("integer") || type.equals("long") || type.equals("double") || type.equals("float");
        }
    }

    private final Map<String, String> operations;
    private final Map<String, ShapeRule> shapes;

    private ConstraintTable(Map<String, String> operations, Map<String, ShapeRule> shapes) {
        this.operations = operations;
        this.shapes = shapes;
    }

    /** The table of an API, or {@code null} when none is on the class path (its requests are not constrained). */
    static ConstraintTable load(String apiId) {
        String resource = "overcast/constraints/" + apiId + ".json";
        ClassLoader loader = ConstraintTable.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            try (JsonParser p = new JsonFactory().createParser(in)) {
                return read(object(tree(p, p.nextToken())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static ConstraintTable read(Map<String, Object> doc) {
        Map<String, String> operations = new LinkedHashMap<>();
        object(doc.get("operations")).forEach((op, input) -> operations.put(op, (String) input));
        Map<String, ShapeRule> shapes = new LinkedHashMap<>();
        object(doc.get("shapes")).forEach((name, s) -> shapes.put(name, rule(object(s))));
        return new ConstraintTable(operations, shapes);
    }

    private static ShapeRule rule(Map<String, Object> s) {
        String pattern = (String) s.get("pattern");
        Map<String, String> members = new LinkedHashMap<>();
        object(s.getOrDefault("members", Map.of())).forEach((m, shape) -> members.put(m, (String) shape));
        // "." matches line breaks too: AWS accepts a multi-line value (a schema definition, a policy) under ".*\S.*"
        return new ShapeRule((String) s.get("type"), (Long) s.get("min"), (Long) s.get("max"),
                pattern == null ? null : Pattern.compile(pattern, Pattern.DOTALL), pattern, strings(s.get("enum")),
                strings(s.get("required")), members, (String) s.get("member"), (String) s.get("key"),
                (String) s.get("value"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o) {
        return (Map<String, Object>) o;
    }

    private static List<String> strings(Object o) {
        return o == null ? List.of() : ((List<?>) o).stream().map(String.class::cast).toList();
    }

    /** The JSON value at the parser's current token as maps, lists, strings and longs. */
    private static Object tree(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, tree(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(tree(p, e));
                }
                return list;
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            default -> {
                return p.getText();
            }
        }
    }

    /** The input shape of an operation, or {@code null} when nothing in it is constrained. */
    ShapeRule input(String operation) {
        String name = operations.get(operation);
        return name == null ? null : shapes.get(name);
    }

    /** A shape by name, or {@code null} when it has no constraint and leads to none. */
    ShapeRule shape(String name) {
        return name == null ? null : shapes.get(name);
    }
}
