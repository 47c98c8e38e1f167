package dev.overcast.dynamodb.expression;

import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.value.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Evaluates parsed conditions against an item, resolves document paths, and applies projections. */
public final class Evaluator {

    private Evaluator() {
    }

    /** The value at a path, or null when any step is missing or of the wrong kind. */
    public static AttributeValue resolve(Map<String, AttributeValue> item, Path path) {
        if (item == null) {
            return null;
        }
        AttributeValue v = item.get(path.head());
        for (int i = 1; i < path.size() && v != null; i++) {
            Object step = path.get(i);
            if (step instanceof Integer index) {
                v = v.hasL() && index < v.l().size() ? v.l().get(index) : null;
            } else {
                v = v.hasM() ? v.m().get(step) : null;
            }
        }
        return v;
    }

    /** True when the (absent item is an empty map) item satisfies the condition. */
    public static boolean matches(Expr condition, Map<String, AttributeValue> item) {
        return switch (condition) {
            case Expr.And a -> matches(a.left(), item) && matches(a.right(), item);
            case Expr.Or o -> matches(o.left(), item) || matches(o.right(), item);
            case Expr.Not n -> !matches(n.operand(), item);
            case Expr.Compare c -> compare(c.op(), operand(c.left(), item), operand(c.right(), item));
            case Expr.Between b -> between(operand(b.operand(), item), operand(b.low(), item), operand(b.high(), item));
            case Expr.In in -> {
                AttributeValue v = operand(in.operand(), item);
                boolean found = false;
                for (Expr candidate : in.candidates()) {
                    if (v != null && Values.equal(v, operand(candidate, item))) {
                        found = true;
                        break;
                    }
                }
                yield found;
            }
            case Expr.Call call -> function(call, item);
            default -> throw new IllegalStateException("not a condition: " + condition);
        };
    }

    private static boolean compare(String op, AttributeValue a, AttributeValue b) {
        if (op.equals("=")) {
            return a != null && b != null && Values.equal(a, b);
        }
        if (op.equals("<>")) {
            return a == null || b == null || !Values.equal(a, b);
        }
        Integer c = Values.compare(a, b);
        if (c == null) {
            return false;
        }
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private static boolean between(AttributeValue v, AttributeValue low, AttributeValue high) {
        Integer bounds = Values.compare(low, high);
        if (bounds != null && bounds > 0) {
            throw DynamoDbErrors.validation("Invalid ConditionExpression: The BETWEEN operator requires upper bound to be "
                    + "greater than or equal to lower bound; lower bound operand: AttributeValue: " + Values.describe(low)
                    + ", upper bound operand: AttributeValue: " + Values.describe(high));
        }
        Integer lo = Values.compare(v, low);
        Integer hi = Values.compare(v, high);
        return lo != null && hi != null && lo >= 0 && hi <= 0;
    }

    private static boolean function(Expr.Call call, Map<String, AttributeValue> item) {
        List<Expr> args = call.args();
        switch (call.name()) {
            case "attribute_exists":
                return operand(args.get(0), item) != null;
            case "attribute_not_exists":
                return operand(args.get(0), item) == null;
            case "attribute_type": {
                AttributeValue v = operand(args.get(0), item);
                return v != null && Values.typeName(v).equals(operand(args.get(1), item).s());
            }
            case "begins_with": {
                AttributeValue v = operand(args.get(0), item);
                AttributeValue prefix = operand(args.get(1), item);
                if (v == null || prefix == null) {
                    return false;
                }
                if (v.s() != null && prefix.s() != null) {
                    return v.s().startsWith(prefix.s());
                }
                if (v.b() != null && prefix.b() != null) {
                    byte[] a = v.b().asByteArrayUnsafe();
                    byte[] p = prefix.b().asByteArrayUnsafe();
                    return a.length >= p.length && Arrays.equals(a, 0, p.length, p, 0, p.length);
                }
                return false;
            }
            case "contains": {
                AttributeValue v = operand(args.get(0), item);
                AttributeValue x = operand(args.get(1), item);
                if (v == null || x == null) {
                    return false;
                }
                return switch (v.type()) {
                    case S -> x.s() != null && v.s().contains(x.s());
                    case B -> x.b() != null && indexOf(v.b().asByteArrayUnsafe(), x.b().asByteArrayUnsafe()) >= 0;
                    case SS -> x.s() != null && v.ss().contains(x.s());
                    case NS -> x.n() != null && v.ns().stream().anyMatch(n -> new BigDecimal(n).compareTo(new BigDecimal(x.n())) == 0);
                    case BS -> x.b() != null && v.bs().contains(x.b());
                    case L -> v.l().stream().anyMatch(e -> Values.equal(e, x));
                    default -> false;
                };
            }
            default:
                throw new IllegalStateException("not a condition function: " + call.name());
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** An operand's value in a condition: a path's value, a placeholder's value, or size(path). */
    public static AttributeValue operand(Expr e, Map<String, AttributeValue> item) {
        return switch (e) {
            case Expr.PathRef p -> resolve(item, p.path());
            case Expr.Value v -> v.value();
            case Expr.Call c when c.name().equals("size") -> size(operand(c.args().get(0), item));
            default -> throw new IllegalStateException("not an operand: " + e);
        };
    }

    private static AttributeValue size(AttributeValue v) {
        if (v == null) {
            return null;
        }
        Integer n = switch (v.type()) {
            case S -> v.s().codePointCount(0, v.s().length());
            case B -> v.b().asByteArrayUnsafe().length;
            case SS -> v.ss().size();
            case NS -> v.ns().size();
            case BS -> v.bs().size();
            case M -> v.m().size();
            case L -> v.l().size();
            default -> null;
        };
        return n == null ? null : AttributeValue.fromN(n.toString());
    }

    /** The word DynamoDB uses for a type in operand-type messages. */
    public static String typeWord(AttributeValue v) {
        return switch (v.type()) {
            case S -> "STRING";
            case N -> "NUMBER";
            case B -> "BINARY";
            case BOOL -> "BOOLEAN";
            case NUL -> "NULL";
            case M -> "MAP";
            case L -> "LIST";
            case SS -> "STRING_SET";
            case NS -> "NUMBER_SET";
            case BS -> "BINARY_SET";
            default -> "UNKNOWN";
        };
    }

    /** The item reduced to the projected paths, nested structure kept (list elements compacted in order). */
    public static Map<String, AttributeValue> project(Map<String, AttributeValue> item, Expr.Projection projection) {
        if (item == null) {
            return null;
        }
        Node root = new Node();
        for (Path p : projection.paths()) {
            if (resolve(item, p) == null) {
                continue;
            }
            Node n = root;
            AttributeValue v = null;
            for (int i = 0; i < p.size(); i++) {
                Object step = p.get(i);
                v = i == 0 ? item.get(p.head()) : step instanceof Integer idx ? v.l().get(idx) : v.m().get(step);
                n = n.children.computeIfAbsent(step, k -> new Node());
            }
            n.whole = v;
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Path p : projection.paths()) {
            Node n = root.children.get(p.head());
            if (n != null && !out.containsKey(p.head())) {
                out.put(p.head(), n.build());
            }
        }
        return out;
    }

    /** A projected part of a value: the whole value, or some of its map members / list elements. */
    private static final class Node {
        AttributeValue whole;
        final Map<Object, Node> children = new java.util.TreeMap<>((a, b) -> a instanceof Integer x && b instanceof Integer y
                ? Integer.compare(x, y) : a.toString().compareTo(b.toString()));

        AttributeValue build() {
            if (whole != null) {
                return whole;
            }
            if (!children.isEmpty() && children.keySet().iterator().next() instanceof Integer) {
                List<AttributeValue> l = new ArrayList<>();
                children.values().forEach(c -> l.add(c.build()));
                return AttributeValue.fromL(l);
            }
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            children.forEach((k, c) -> m.put((String) k, c.build()));
            return AttributeValue.fromM(m);
        }
    }
}
