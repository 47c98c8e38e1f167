package dev.overcast.dynamodb.statement;

import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.value.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a PartiQL statement (SELECT, INSERT, UPDATE, DELETE) into its parts, with its conditions rewritten into
 * DynamoDB's expression language (identifiers as #names, literals and ? parameters as :values) so that the one
 * expression parser and evaluator serve PartiQL too.
 */
final class PartiqlTranslator {

    /** A statement: verb, table, optional index, projection, condition and update expressions, inserted item. */
    record Statement(String verb, String table, String index, String projection, String where, String update,
                     Map<String, AttributeValue> item, Map<String, String> names, Map<String, AttributeValue> values) {
    }

    /** Values written as keywords (an attribute of such a name is quoted). */
    private static final List<String> KEYWORD_VALUES = List.of("TRUE", "FALSE", "NULL");

    private final String text;
    private final List<AttributeValue> parameters;
    private int pos;
    private int nextParameter;
    /** How deep the literal being read nests (tuples, lists, sets). */
    private int depth;
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();

    private PartiqlTranslator(String text, List<AttributeValue> parameters) {
        this.text = text;
        this.parameters = parameters;
    }

    static Statement read(String text, List<AttributeValue> parameters) {
        return new PartiqlTranslator(text, parameters).statement();
    }

    private RuntimeException error(String detail) {
        return DynamoDbErrors.validation("Statement wasn't well formed, can't be processed: " + detail);
    }

    private Statement statement() {
        String verb = word().toUpperCase(Locale.ROOT);
        Statement s = switch (verb) {
            case "SELECT" -> {
                String projection = null;
                skipSpace();
                if (peek() == '*') {
                    pos++;
                } else {
                    List<String> paths = new ArrayList<>();
                    do {
                        paths.add(path());
                    } while (accept(','));
                    projection = String.join(", ", paths);
                }
                expectWord("FROM");
                String[] target = target();
                String where = acceptWord("WHERE") ? condition() : null;
                yield new Statement(verb, target[0], target[1], projection, where, null, null, names, values);
            }
            case "INSERT" -> {
                expectWord("INTO");
                String[] target = target();
                expectWord("VALUE");
                AttributeValue item = literal();
                if (!item.hasM()) {
                    throw error("INSERT needs a tuple value");
                }
                yield new Statement(verb, target[0], null, null, null, null, item.m(), names, values);
            }
            case "UPDATE" -> {
                String[] target = target();
                List<String> sets = new ArrayList<>();
                List<String> removes = new ArrayList<>();
                while (true) {
                    if (acceptWord("SET")) {
                        String p = path();
                        expect('=');
                        sets.add(p + " = " + operand());
                    } else if (acceptWord("REMOVE")) {
                        removes.add(path());
                    } else {
                        break;
                    }
                }
                expectWord("WHERE");
                String where = condition();
                String update = (sets.isEmpty() ? "" : "SET " + String.join(", ", sets))
                        + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
                yield new Statement(verb, target[0], null, null, where, update.trim(), null, names, values);
            }
            case "DELETE" -> {
                expectWord("FROM");
                String[] target = target();
                expectWord("WHERE");
                yield new Statement(verb, target[0], null, null, condition(), null, null, names, values);
            }
            default -> throw error("unsupported statement " + verb);
        };
        skipSpace();
        if (pos < text.length()) {
            throw error("unexpected text at " + pos);
        }
        if (nextParameter != parameters.size()) {
            throw DynamoDbErrors.validation("Number of parameters in request and statement don't match.");
        }
        return s;
    }

    /** "table" or "table"."index". */
    private String[] target() {
        String table = identifier();
        String index = null;
        skipSpace();
        if (peek() == '.') {
            pos++;
            index = identifier();
        }
        return new String[] {table, index};
    }

    /** The WHERE clause, rewritten token by token up to the end (or a clause keyword of no statement). */
    private String condition() {
        StringBuilder out = new StringBuilder();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                return out.toString().trim();
            }
            char c = peek();
            if (c == '[') { // IN [a, b] becomes IN (a, b)
                pos++;
                out.append(" (");
            } else if (c == ']') {
                pos++;
                out.append(") ");
            } else if ("(),=<>".indexOf(c) >= 0) {
                pos++;
                out.append(c);
                if ((c == '<' || c == '>') && pos < text.length() && (peek() == '=' || peek() == '>')) {
                    out.append(text.charAt(pos++));
                }
                out.append(' ');
            } else if (c == '\'' || c == '?' || Character.isDigit(c) || c == '-' || c == '{' || c == '<') {
                out.append(value(literal())).append(' ');
            } else {
                int save = pos;
                String w = c == '"' ? null : word();
                String upper = w == null ? "" : w.toUpperCase(Locale.ROOT);
                if (upper.equals("IS")) {
                    String previous = out.toString().trim();
                    int cut = Math.max(previous.lastIndexOf(' '), previous.lastIndexOf('('));
                    String operand = previous.substring(cut + 1);
                    boolean not = acceptWord("NOT");
                    expectWord("MISSING");
                    out.setLength(0);
                    out.append(previous, 0, cut + 1).append(not ? " attribute_exists(" : " attribute_not_exists(")
                            .append(operand).append(") ");
                } else if (KEYWORD_VALUES.contains(upper)) {
                    pos = save;
                    out.append(value(literal())).append(' ');
                } else if (List.of("AND", "OR", "NOT", "BETWEEN", "IN").contains(upper)) {
                    out.append(upper).append(' ');
                } else if (List.of("begins_with", "contains", "attribute_type", "size", "attribute_exists",
                        "attribute_not_exists").contains(w)) {
                    out.append(w);
                } else {
                    pos = save;
                    out.append(path()).append(' ');
                }
            }
        }
    }

    private String operand() {
        skipSpace();
        char c = peek();
        int save = pos;
        if (c == '\'' || c == '?' || Character.isDigit(c) || c == '-' || c == '{' || c == '[' || c == '<'
                || c != '"' && KEYWORD_VALUES.contains(word().toUpperCase(Locale.ROOT))) {
            pos = save;
            return value(literal());
        }
        pos = save;
        return path();
    }

    private String value(AttributeValue v) {
        String key = ":p" + values.size();
        values.put(key, v);
        return key;
    }

    /** A path: identifiers (bare or quoted) with .member and [index] steps, as #name placeholders. */
    private String path() {
        StringBuilder out = new StringBuilder(name(identifier()));
        while (true) {
            if (pos < text.length() && peek() == '.') {
                pos++;
                out.append('.').append(name(identifier()));
            } else if (pos < text.length() && peek() == '[') {
                int end = text.indexOf(']', pos);
                out.append(text, pos, end + 1);
                pos = end + 1;
            } else {
                return out.toString();
            }
        }
    }

    private String name(String attribute) {
        for (Map.Entry<String, String> e : names.entrySet()) {
            if (e.getValue().equals(attribute)) {
                return e.getKey();
            }
        }
        String key = "#p" + names.size();
        names.put(key, attribute);
        return key;
    }

    private String identifier() {
        skipSpace();
        if (peek() == '"') {
            int end = text.indexOf('"', pos + 1);
            if (end < 0) {
                throw error("unterminated identifier");
            }
            String id = text.substring(pos + 1, end);
            pos = end + 1;
            return id;
        }
        String w = word();
        if (w.isEmpty()) {
            throw error("identifier expected at " + pos);
        }
        return w;
    }

    /** A literal value: 'string', number, ?, {tuple}, [list], <<set>>, TRUE, FALSE, NULL; nested as deep as an item may. */
    private AttributeValue literal() {
        if (++depth > Values.MAX_DEPTH) {
            throw DynamoDbErrors.validation("Nesting Levels have exceeded supported limits");
        }
        try {
            return literalValue();
        } finally {
            depth--;
        }
    }

    private AttributeValue literalValue() {
        skipSpace();
        char c = peek();
        if (c == '?') {
            pos++;
            if (nextParameter >= parameters.size()) {
                throw DynamoDbErrors.validation("Number of parameters in request and statement don't match.");
            }
            return Values.normalise(parameters.get(nextParameter++), 0);
        }
        if (c == '\'') {
            StringBuilder s = new StringBuilder();
            pos++;
            while (true) {
                int end = text.indexOf('\'', pos);
                if (end < 0) {
                    throw error("unterminated string");
                }
                s.append(text, pos, end);
                pos = end + 1;
                if (pos < text.length() && peek() == '\'') {
                    s.append('\'');
                    pos++;
                } else {
                    return AttributeValue.fromS(s.toString());
                }
            }
        }
        if (Character.isDigit(c) || c == '-') {
            int start = pos++;
            while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '.' || peek() == '-' || peek() == '+')) {
                pos++;
            }
            return AttributeValue.fromN(Values.normaliseNumber(text.substring(start, pos)));
        }
        if (c == '{') {
            pos++;
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            skipSpace();
            if (peek() != '}') {
                do {
                    AttributeValue k = literal();
                    expect(':');
                    m.put(k.s(), literal());
                } while (accept(','));
            }
            expect('}');
            return AttributeValue.fromM(m);
        }
        if (c == '[') {
            pos++;
            List<AttributeValue> l = new ArrayList<>();
            skipSpace();
            if (peek() != ']') {
                do {
                    l.add(literal());
                } while (accept(','));
            }
            expect(']');
            return AttributeValue.fromL(l);
        }
        if (text.startsWith("<<", pos)) {
            pos += 2;
            List<AttributeValue> l = new ArrayList<>();
            do {
                l.add(literal());
            } while (accept(','));
            skipSpace();
            if (!text.startsWith(">>", pos)) {
                throw error("unterminated set");
            }
            pos += 2;
            if (l.stream().allMatch(v -> v.s() != null)) {
                return Values.normalise(AttributeValue.fromSs(l.stream().map(AttributeValue::s).toList()), 0);
            }
            if (l.stream().allMatch(v -> v.n() != null)) {
                return Values.normalise(AttributeValue.fromNs(l.stream().map(AttributeValue::n).toList()), 0);
            }
            return Values.normalise(AttributeValue.fromBs(l.stream().map(AttributeValue::b).toList()), 0);
        }
        String w = word().toUpperCase(Locale.ROOT);
        return switch (w) {
            case "TRUE" -> AttributeValue.fromBool(true);
            case "FALSE" -> AttributeValue.fromBool(false);
            case "NULL" -> AttributeValue.fromNul(true);
            default -> throw error("value expected at " + pos);
        };
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private String word() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private boolean acceptWord(String w) {
        int save = pos;
        if (word().equalsIgnoreCase(w)) {
            return true;
        }
        pos = save;
        return false;
    }

    private void expectWord(String w) {
        if (!acceptWord(w)) {
            throw error(w + " expected at " + pos);
        }
    }

    private boolean accept(char c) {
        skipSpace();
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw error("'" + c + "' expected at " + pos);
        }
    }
}
