package dev.overcast.glue.classifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.GrokClassifier;

/**
 * A grok classifier's pattern compiled to one Java regex: {@code %{NAME}}, {@code %{NAME:field}} and
 * {@code %{NAME:field:type}} expand the built-in and the classifier's custom patterns (recursively), and every named
 * capture becomes a column, a {@code string} unless its type says {@code byte}, {@code boolean}, {@code short},
 * {@code int}, {@code long}, {@code float} or {@code double}, as Glue's grok classifier casts them. A file is of the
 * classifier's classification when each of its sampled lines matches the whole pattern.
 */
final class Grok {

    private static final Pattern REFERENCE = Pattern.compile("%\\{(\\w+)(?::([\\w.@\\-]+))?(?::(\\w+))?}");
    /** A named group in a pattern's own regex ({@code (?<name>…)}), which Java names more strictly than grok does. */
    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([A-Za-z_][\\w.@\\-]*)>");
    private static final Map<String, String> HIVE_TYPES = Map.of("byte", "tinyint", "boolean", "boolean",
            "short", "smallint", "int", "int", "long", "bigint", "float", "float", "double", "double", "string", "string");
    private static final int MAX_DEPTH = 64;

    private final Pattern regex;
    /** Column name → Hive type, in the order the captures appear. */
    private final Map<String, String> fields = new LinkedHashMap<>();
    /** Java group name → column name. */
    private final Map<String, String> groups = new HashMap<>();

    private Grok(String pattern, Map<String, String> definitions) {
        String expanded = expand(pattern, definitions, 0);
        this.regex = Pattern.compile(expanded);
    }

    /** The classifier's pattern compiled, or an exception naming what is wrong with it. */
    static Grok compile(String pattern, String customPatterns) {
        Map<String, String> definitions = new HashMap<>(GrokPatterns.BUILT_IN_PATTERNS);
        definitions.putAll(GrokPatterns.parse(customPatterns));
        try {
            return new Grok(pattern, definitions);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("The grok pattern is not a valid regular expression: " + e.getDescription(), e);
        }
    }

    private String expand(String pattern, Map<String, String> definitions, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("The grok pattern refers to itself");
        }
        StringBuilder out = new StringBuilder();
        Matcher named = NAMED_GROUP.matcher(pattern);
        pattern = named.replaceAll(m -> Matcher.quoteReplacement("(?<" + group(m.group(1), "string") + ">"));
        Matcher m = REFERENCE.matcher(pattern);
        int last = 0;
        while (m.find()) {
            out.append(pattern, last, m.start());
            String body = definitions.get(m.group(1));
            if (body == null) {
                throw new IllegalArgumentException("The grok pattern refers to an unknown pattern " + m.group(1));
            }
            String inner = expand(body, definitions, depth + 1);
            if (m.group(2) != null) {
                String type = m.group(3) == null ? "string" : HIVE_TYPES.get(m.group(3).toLowerCase(java.util.Locale.ROOT));
                if (type == null) {
                    throw new IllegalArgumentException("Unknown data type " + m.group(3) + " of grok field " + m.group(2));
                }
                out.append("(?<").append(group(m.group(2), type)).append('>').append(inner).append(')');
            } else {
                out.append("(?:").append(inner).append(')');
            }
            last = m.end();
        }
        return out.append(pattern.substring(last)).toString();
    }

    private String group(String field, String type) {
        String name = "g" + groups.size();
        groups.put(name, field);
        fields.putIfAbsent(field, type);
        return name;
    }

    /** The file's schema when every sampled line (at least one) matches the whole pattern; else null. */
    static FileSchema classify(String text, boolean truncated, String compression, GrokClassifier classifier) {
        Grok grok;
        try {
            grok = compile(classifier.grokPattern(), classifier.customPatterns());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String[] lines = text.split("\\r?\\n");
        int count = truncated && lines.length > 1 ? lines.length - 1 : lines.length;
        int matched = 0;
        for (int i = 0; i < count && matched < 1000; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            if (!grok.regex.matcher(lines[i]).matches()) {
                return null;
            }
            matched++;
        }
        if (matched == 0) {
            return null;
        }
        List<Column> columns = new ArrayList<>();
        grok.fields.forEach((name, type) -> columns.add(Types.column(name, type)));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grokPattern", classifier.grokPattern());
        if (classifier.customPatterns() != null && !classifier.customPatterns().isBlank()) {
            params.put("grokCustomPatterns", classifier.customPatterns());
        }
        return new FileSchema(classifier.classification(), compression, columns, params);
    }
}
