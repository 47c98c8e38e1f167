package dev.overcast.firehose.conversion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Glue (Hive) column type as format conversion writes it, parsed from Glue's type string: a primitive
 * ({@code string}, {@code int}, {@code decimal(10,2)}…), {@code array<t>} (its element the one child),
 * {@code map<k,v>} (key and value) or {@code struct<a:t,…>} (its fields: names and types, names in lower case).
 */
record ColumnType(RecordConversion.Kind kind, int precision, int scale, List<String> names, List<ColumnType> children) {

    /** Hive's largest decimal precision. */
    static final int MAX_PRECISION = 38;

    static ColumnType of(RecordConversion.Kind kind) {
        return new ColumnType(kind, 0, 0, List.of(), List.of());
    }

    /** The type of a Glue type string; IllegalArgumentException when it is none the suite writes. */
    static ColumnType parse(String glueType) {
        Parser p = new Parser(glueType.toLowerCase(Locale.ROOT).replaceAll("\\s+", ""));
        ColumnType t = p.type();
        if (p.at < p.text.length()) {
            throw p.unexpected();
        }
        return t;
    }

    ColumnType element() {
        return children.getFirst();
    }

    ColumnType key() {
        return children.get(0);
    }

    ColumnType value() {
        return children.get(1);
    }

    /** A recursive descent over Hive's type grammar. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        ColumnType type() {
            String word = word();
            return switch (word) {
                case "string" -> of(RecordConversion.Kind.STRING);
                case "varchar", "char" -> {
                    if (peek('(')) {
                        expect('(');
                        number();
                        expect(')');
                    }
                    yield of(RecordConversion.Kind.STRING);
                }
                case "int", "integer" -> of(RecordConversion.Kind.INT);
                case "smallint" -> of(RecordConversion.Kind.SMALLINT);
                case "tinyint" -> of(RecordConversion.Kind.TINYINT);
                case "bigint" -> of(RecordConversion.Kind.BIGINT);
                case "double" -> of(RecordConversion.Kind.DOUBLE);
                case "float" -> of(RecordConversion.Kind.FLOAT);
                case "boolean" -> of(RecordConversion.Kind.BOOLEAN);
                case "date" -> of(RecordConversion.Kind.DATE);
                case "timestamp" -> of(RecordConversion.Kind.TIMESTAMP);
                case "decimal" -> {
                    int precision = 10;
                    int scale = 0;
                    if (peek('(')) {
                        expect('(');
                        precision = number();
                        if (peek(',')) {
                            expect(',');
                            scale = number();
                        }
                        expect(')');
                    }
                    if (precision < 1 || precision > MAX_PRECISION || scale > precision) {
                        throw new IllegalArgumentException("decimal(" + precision + "," + scale + ") is not a valid decimal "
                                + "type (precision 1 to 38, scale at most the precision)");
                    }
                    yield new ColumnType(RecordConversion.Kind.DECIMAL, precision, scale, List.of(), List.of());
                }
                case "array" -> {
                    expect('<');
                    ColumnType element = type();
                    expect('>');
                    yield new ColumnType(RecordConversion.Kind.ARRAY, 0, 0, List.of(), List.of(element));
                }
                case "map" -> {
                    expect('<');
                    ColumnType key = type();
                    expect(',');
                    ColumnType value = type();
                    expect('>');
                    yield new ColumnType(RecordConversion.Kind.MAP, 0, 0, List.of(), List.of(key, value));
                }
                case "struct" -> {
                    expect('<');
                    List<String> names = new ArrayList<>();
                    List<ColumnType> types = new ArrayList<>();
                    do {
                        if (!types.isEmpty()) {
                            expect(',');
                        }
                        int colon = text.indexOf(':', at);
                        if (colon <= at) {
                            throw unexpected();
                        }
                        names.add(text.substring(at, colon));
                        at = colon + 1;
                        types.add(type());
                    } while (peek(','));
                    expect('>');
                    yield new ColumnType(RecordConversion.Kind.STRUCT, 0, 0, List.copyOf(names), List.copyOf(types));
                }
                default -> throw new IllegalArgumentException("the type " + word + " is not one the suite's format "
                        + "conversion writes");
            };
        }

        private String word() {
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            if (start == at) {
                throw unexpected();
            }
            return text.substring(start, at);
        }

        private int number() {
            int start = at;
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            if (start == at) {
                throw unexpected();
            }
            return Integer.parseInt(text.substring(start, at));
        }

        private boolean peek(char c) {
            return at < text.length() && text.charAt(at) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw unexpected();
            }
            at++;
        }

        private IllegalArgumentException unexpected() {
            return new IllegalArgumentException("cannot read the type '" + text + "' at position " + at);
        }
    }
}
