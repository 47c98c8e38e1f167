package dev.overcast.glue.partition;

import dev.overcast.glue.GlueErrors;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * GetPartitions' Expression, Glue's partition predicate (a SQL WHERE clause over the partition keys), compiled to SQL
 * over the indexed {@code partition_values} rows: each comparison becomes the set of partition ids whose value of that
 * key satisfies it, read from the index on (table, key, value), and AND, OR and NOT combine those sets. Keys of the
 * numeric Hive types compare as numbers, every other type as text (ISO dates and timestamps sort as text).
 *
 * <p>Grammar: {@code expr := term (OR term)*; term := factor (AND factor)*; factor := NOT factor | '(' expr ')' |
 * predicate; predicate := key (= | <> | != | < | <= | > | >=) literal | key [NOT] BETWEEN literal AND literal |
 * key [NOT] IN (literal, …) | key [NOT] LIKE 'pattern' | key IS [NOT] NULL}; a literal is a quoted string or a number.
 */
public final class PartitionExpression {

    /** The compiled condition on {@code p.id} with its parameters. */
    public record Sql(String where, Map<String, Object> params) {
    }

    private static final java.util.Set<String> NUMERIC = java.util.Set.of("tinyint", "smallint", "int", "integer",
            "bigint", "float", "double", "decimal", "long");

    private final List<String> tokens;
    private final List<Column> keys;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final String text;
    private int pos;

    private PartitionExpression(String text, List<Column> keys) {
        this.text = text;
        this.keys = keys;
        this.tokens = tokenize(text);
    }

    /** The SQL condition of an expression over a table with these partition keys; InvalidInputException when bad. */
    public static Sql compile(String expression, List<Column> keys) {
        PartitionExpression e = new PartitionExpression(expression, keys);
        String sql = e.or();
        if (e.pos != e.tokens.size()) {
            throw e.error("unexpected '" + e.tokens.get(e.pos) + "'");
        }
        return new Sql(sql, e.params);
    }

    private String or() {
        StringBuilder sql = new StringBuilder(and());
        while (accept("OR")) {
            sql.insert(0, "(").append(" or ").append(and()).append(")");
        }
        return sql.toString();
    }

    private String and() {
        StringBuilder sql = new StringBuilder(factor());
        while (accept("AND")) {
            sql.insert(0, "(").append(" and ").append(factor()).append(")");
        }
        return sql.toString();
    }

    private String factor() {
        if (accept("NOT")) {
            return "not " + factor();
        }
        if (accept("(")) {
            String inner = or();
            expect(")");
            return "(" + inner + ")";
        }
        return predicate();
    }

    private String predicate() {
        String name = next("a partition key");
        int index = keyIndex(unquote(name));
        boolean numeric = NUMERIC.contains(baseType(keys.get(index).type()));
        String column = numeric ? "num" : "str";
        if (accept("IS")) {
            boolean not = accept("NOT");
            expect("NULL");
            // partition values are never null: IS NULL holds for none, IS NOT NULL for all
            return not ? "true" : "false";
        }
        boolean not = accept("NOT");
        String condition;
        if (accept("BETWEEN")) {
            String low = literal(numeric);
            expect("AND");
            condition = column + " between " + low + " and " + literal(numeric);
        } else if (accept("IN")) {
            expect("(");
            List<String> values = new ArrayList<>();
            do {
                values.add(literal(numeric));
            } while (accept(","));
            expect(")");
            condition = column + " in (" + String.join(", ", values) + ")";
        } else if (accept("LIKE")) {
            condition = "str like " + literal(false);
        } else if (!not) {
            String op = next("an operator");
            if (!List.of("=", "<>", "!=", "<", "<=", ">", ">=").contains(op)) {
                throw error("unsupported operator '" + op + "'");
            }
            condition = column + " " + (op.equals("!=") ? "<>" : op) + " " + literal(numeric);
        } else {
            throw error("expected BETWEEN, IN or LIKE after NOT");
        }
        String set = "p.id in (select v.partition_id from partition_values v where v.table_id = :table and v.key_index = "
                + index + " and v." + condition + ")";
        return not ? "not " + set : set;
    }

    private String literal(boolean numeric) {
        String token = next("a value");
        String value;
        if (token.startsWith("'")) {
            value = token.substring(1, token.length() - 1).replace("''", "'");
        } else if (token.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
            value = token;
        } else {
            throw error("expected a value, found '" + token + "'");
        }
        String param = "p" + params.size();
        if (numeric) {
            try {
                params.put(param, new BigDecimal(value.trim()));
            } catch (NumberFormatException e) {
                throw error("'" + value + "' is not a number");
            }
        } else {
            params.put(param, value);
        }
        return ":" + param;
    }

    private int keyIndex(String name) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw error("unknown partition key '" + name + "'");
    }

    private static String baseType(String type) {
        String t = type == null ? "string" : type.toLowerCase(Locale.ROOT).trim();
        int paren = t.indexOf('(');
        return paren > 0 ? t.substring(0, paren) : t;
    }

    private static String unquote(String name) {
        if (name.length() > 1 && (name.startsWith("`") || name.startsWith("\""))) {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }

    private boolean accept(String token) {
        if (pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(token)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) {
            throw error("expected '" + token + "'" + (pos < tokens.size() ? ", found '" + tokens.get(pos) + "'" : ""));
        }
    }

    private String next(String what) {
        if (pos >= tokens.size()) {
            throw error("expected " + what + " at the end");
        }
        return tokens.get(pos++);
    }

    private RuntimeException error(String why) {
        return GlueErrors.invalidInput("Unsupported expression '" + text + "': " + why);
    }

    private List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '`' || c == '"') {
                int j = i + 1;
                while (true) {
                    if (j >= s.length()) {
                        throw error("unterminated quote");
                    }
                    if (s.charAt(j) == c) {
                        if (c == '\'' && j + 1 < s.length() && s.charAt(j + 1) == '\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                out.add(s.substring(i, j + 1));
                i = j + 1;
            } else if ("(),".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else if ("<>=!".indexOf(c) >= 0) {
                int j = i + 1;
                if (j < s.length() && "=>".indexOf(s.charAt(j)) >= 0 && !(c == '=' )) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "(),<>=!'".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
        }
        return out;
    }
}
