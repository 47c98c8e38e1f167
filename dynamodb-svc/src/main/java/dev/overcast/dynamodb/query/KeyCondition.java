package dev.overcast.dynamodb.query;

import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.expression.Expr;
import dev.overcast.dynamodb.schema.IndexDef;
import dev.overcast.dynamodb.value.KeyCodec;
import dev.overcast.dynamodb.value.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A key condition reduced to what the store needs: the partition key's encoding and a range of sort key encodings.
 * Accepts exactly DynamoDB's forms: {@code hash = :v} optionally AND one sort key condition; on a GSI with
 * multi-attribute keys, every partition key attribute by equality, and sort key attributes from the first on, each
 * by equality but the last given, which may take any sort key condition.
 */
record KeyCondition(byte[] hash, KeyRange range) {

    static KeyCondition of(Expr condition, List<String> hashKeys, List<String> rangeKeys, Map<String, String> types) {
        List<Expr> parts = new ArrayList<>();
        flatten(condition, parts);
        if (parts.size() > Math.max(2, hashKeys.size() + rangeKeys.size())) {
            throw DynamoDbErrors.validation("Conditions can be of length 1 or 2 only");
        }
        Map<String, AttributeValue> hashValues = new HashMap<>();
        Map<String, Expr> sortParts = new HashMap<>();
        for (Expr part : parts) {
            String attribute = attributeOf(part);
            if (hashKeys.contains(attribute)) {
                if (hashValues.containsKey(attribute)) {
                    throw DynamoDbErrors.validation("KeyConditionExpressions must only contain one condition per key");
                }
                if (!(part instanceof Expr.Compare c) || !c.op().equals("=")) {
                    throw DynamoDbErrors.validation("Query key condition not supported");
                }
                AttributeValue v = valueOf(c.left() instanceof Expr.Value ? c.left() : c.right());
                checkType(v, types.get(attribute));
                hashValues.put(attribute, v);
            } else if (rangeKeys.contains(attribute)) {
                if (sortParts.put(attribute, part) != null) {
                    throw DynamoDbErrors.validation("KeyConditionExpressions must only contain one condition per key");
                }
            } else {
                String missed = hashKeys.stream().filter(h -> !hashValues.containsKey(h)).findFirst()
                        .orElse(rangeKeys.isEmpty() ? null : rangeKeys.get(0));
                throw DynamoDbErrors.validation("Query condition missed key schema element: " + missed);
            }
        }
        List<AttributeValue> hash = new ArrayList<>();
        for (String h : hashKeys) {
            if (!hashValues.containsKey(h)) {
                throw DynamoDbErrors.validation("Query condition missed key schema element: " + h);
            }
            hash.add(hashValues.get(h));
        }
        return new KeyCondition(KeyCodec.encodeAll(hash), sortRange(rangeKeys, sortParts, types));
    }

    /**
     * The range of sort key encodings the sort key conditions select. A multi-attribute sort key is a tuple
     * ({@link KeyCodec#encodeAll}): the equalities on its first attributes fix a prefix, and the condition on the last
     * attribute given is a range within it; an attribute may not be skipped.
     */
    private static KeyRange sortRange(List<String> rangeKeys, Map<String, Expr> parts, Map<String, String> types) {
        if (!IndexDef.multiAttribute(rangeKeys)) {
            return parts.isEmpty() ? KeyRange.ALL : range(parts.values().iterator().next(), types.get(rangeKeys.get(0)), null);
        }
        java.io.ByteArrayOutputStream prefix = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++) {
            String attribute = rangeKeys.get(i);
            Expr part = parts.get(attribute);
            if (part == null) {
                throw DynamoDbErrors.validation("Query condition missed key schema element: " + attribute);
            }
            if (i == parts.size() - 1) {
                return range(part, types.get(attribute), prefix.toByteArray());
            }
            if (!(part instanceof Expr.Compare c) || !c.op().equals("=")) {
                throw DynamoDbErrors.validation("Query key condition not supported");
            }
            AttributeValue v = valueOf(c.left() instanceof Expr.Value ? c.left() : c.right());
            checkType(v, types.get(attribute));
            prefix.writeBytes(KeyCodec.component(KeyCodec.encode(v), true));
        }
        return KeyRange.ALL;
    }

    /** A SELECT's condition split as DynamoDB plans PartiQL: a key condition for a Query, and the rest as its filter. */
    record Plan(Expr key, Expr filter) {
    }

    /**
     * Plans a PartiQL SELECT's condition: when a top-level conjunct fixes the partition key ({@code hash = value} of the
     * key's type), it and one sort key condition a Query accepts (if any) are the key condition, the other conjuncts
     * the filter (key attributes allowed there); null when the statement must scan.
     */
    static Plan plan(Expr where, List<String> hashKeys, List<String> rangeKeys, Map<String, String> types) {
        if (IndexDef.multiAttribute(hashKeys) || IndexDef.multiAttribute(rangeKeys)) {
            return null; // an index with multi-attribute keys is scanned
        }
        String hashKey = hashKeys.get(0);
        String rangeKey = rangeKeys.isEmpty() ? null : rangeKeys.get(0);
        List<Expr> parts = new ArrayList<>();
        conjuncts(where, parts);
        Expr hash = parts.stream().filter(p -> p instanceof Expr.Compare c && c.op().equals("=")
                && accepts(p, hashKey, types.get(hashKey))).findFirst().orElse(null);
        if (hash == null) {
            return null;
        }
        parts.remove(hash);
        Expr range = rangeKey == null ? null
                : parts.stream().filter(p -> accepts(p, rangeKey, types.get(rangeKey))).findFirst().orElse(null);
        Expr key = hash;
        if (range != null) {
            parts.remove(range);
            key = new Expr.And(hash, range);
        }
        Expr filter = null;
        for (Expr p : parts) {
            filter = filter == null ? p : new Expr.And(filter, p);
        }
        return new Plan(key, filter);
    }

    private static void conjuncts(Expr e, List<Expr> out) {
        if (e instanceof Expr.And and) {
            conjuncts(and.left(), out);
            conjuncts(and.right(), out);
        } else {
            out.add(e);
        }
    }

    /** Whether a condition is one a Query takes on this key attribute, with values of its type. */
    private static boolean accepts(Expr part, String attribute, String type) {
        return switch (part) {
            case Expr.Compare c -> !c.op().equals("<>") && (is(c.left(), attribute) && valueOf(c.right(), type) != null
                    || is(c.right(), attribute) && valueOf(c.left(), type) != null);
            case Expr.Between b -> is(b.operand(), attribute) && valueOf(b.low(), type) != null && valueOf(b.high(), type) != null
                    && Values.compare(valueOf(b.low(), type), valueOf(b.high(), type)) <= 0;
            case Expr.Call c -> c.name().equals("begins_with") && !type.equals("N") && is(c.args().get(0), attribute)
                    && valueOf(c.args().get(1), type) != null;
            default -> false;
        };
    }

    private static boolean is(Expr e, String attribute) {
        return e instanceof Expr.PathRef p && p.path().isTopLevel() && p.path().head().equals(attribute);
    }

    /** The operand's value when it is a value of the type, else null. */
    private static AttributeValue valueOf(Expr e, String type) {
        return e instanceof Expr.Value v && Values.typeName(v.value()).equals(type) ? v.value() : null;
    }

    /** The conjuncts of a key condition, which allows no OR, NOT or IN. */
    private static void flatten(Expr e, List<Expr> out) {
        conjuncts(e, out);
        for (Expr part : out) {
            if (part instanceof Expr.Or || part instanceof Expr.Not || part instanceof Expr.In) {
                throw DynamoDbErrors.validation("Invalid operator used in KeyConditionExpression: "
                        + (part instanceof Expr.Or ? "OR" : part instanceof Expr.Not ? "NOT" : "IN"));
            }
        }
    }

    private static String attributeOf(Expr part) {
        Expr operand = switch (part) {
            case Expr.Compare c -> c.left() instanceof Expr.PathRef ? c.left() : c.right();
            case Expr.Between b -> b.operand();
            case Expr.Call call when call.name().equals("begins_with") -> call.args().get(0);
            case Expr.Call call -> throw DynamoDbErrors.validation("Invalid operator used in KeyConditionExpression: " + call.name());
            default -> throw DynamoDbErrors.validation("Query key condition not supported");
        };
        if (!(operand instanceof Expr.PathRef p) || !p.path().isTopLevel()) {
            throw DynamoDbErrors.validation("Query key condition not supported");
        }
        return p.path().head();
    }

    private static AttributeValue valueOf(Expr e) {
        if (!(e instanceof Expr.Value v)) {
            throw DynamoDbErrors.validation("Query key condition not supported");
        }
        return v.value();
    }

    private static void checkType(AttributeValue v, String type) {
        if (!Values.typeName(v).equals(type)) {
            throw DynamoDbErrors.invalidParameter("Condition parameter type does not match schema type");
        }
    }

    /**
     * The range of one sort key condition: over the attribute's encodings, or (with a prefix, in a multi-attribute sort
     * key) over the tuples that start with the prefix and go on with this attribute's value.
     */
    private static KeyRange range(Expr part, String type, byte[] prefix) {
        switch (part) {
            case Expr.Compare c -> {
                boolean flipped = c.left() instanceof Expr.Value;
                AttributeValue v = valueOf(flipped ? c.left() : c.right());
                checkType(v, type);
                byte[] enc = KeyCodec.encode(v);
                String op = flipped ? flip(c.op()) : c.op();
                if (prefix != null) {
                    return tupleRange(op, prefix, concat(prefix, KeyCodec.component(enc, true)));
                }
                return switch (op) {
                    case "=" -> KeyRange.exactly(enc);
                    case "<" -> new KeyRange(null, false, enc, false);
                    case "<=" -> new KeyRange(null, false, enc, true);
                    case ">" -> new KeyRange(enc, false, null, false);
                    case ">=" -> new KeyRange(enc, true, null, false);
                    default -> throw DynamoDbErrors.validation("Unsupported operator in KeyConditionExpression: " + op);
                };
            }
            case Expr.Between b -> {
                AttributeValue lo = valueOf(b.low());
                AttributeValue hi = valueOf(b.high());
                checkType(lo, type);
                checkType(hi, type);
                if (Values.compare(lo, hi) > 0) {
                    throw DynamoDbErrors.validation("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound "
                            + "to be greater than or equal to lower bound; lower bound operand: AttributeValue: "
                            + Values.describe(lo) + ", upper bound operand: AttributeValue: " + Values.describe(hi));
                }
                if (prefix != null) {
                    return new KeyRange(concat(prefix, KeyCodec.component(KeyCodec.encode(lo), true)), true,
                            successor(concat(prefix, KeyCodec.component(KeyCodec.encode(hi), true))), false);
                }
                return new KeyRange(KeyCodec.encode(lo), true, KeyCodec.encode(hi), true);
            }
            case Expr.Call call -> {
                AttributeValue begins = valueOf(call.args().get(1));
                if (type.equals("N")) {
                    throw DynamoDbErrors.validation("Invalid KeyConditionExpression: Incorrect operand type for operator or "
                            + "function; operator or function: begins_with, operand type: N");
                }
                checkType(begins, type);
                return prefix == null ? KeyRange.prefix(KeyCodec.encode(begins))
                        : KeyRange.prefix(concat(prefix, KeyCodec.component(KeyCodec.encode(begins), false)));
            }
            default -> throw DynamoDbErrors.validation("Query key condition not supported");
        }
    }

    /** A comparison of the last attribute given of a multi-attribute sort key, within the tuples after the prefix. */
    private static KeyRange tupleRange(String op, byte[] prefix, byte[] value) {
        byte[] low = prefix.length == 0 ? null : prefix;
        return switch (op) {
            case "=" -> KeyRange.prefix(value);
            case "<" -> new KeyRange(low, low != null, value, false);
            case "<=" -> new KeyRange(low, low != null, successor(value), false);
            case ">" -> new KeyRange(successor(value), true, low == null ? null : successor(low), false);
            case ">=" -> new KeyRange(value, true, low == null ? null : successor(low), false);
            default -> throw DynamoDbErrors.validation("Unsupported operator in KeyConditionExpression: " + op);
        };
    }

    /** The first encoding after every one that starts with the bytes (null: none). */
    private static byte[] successor(byte[] bytes) {
        return KeyRange.prefix(bytes).high();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
        };
    }
}
