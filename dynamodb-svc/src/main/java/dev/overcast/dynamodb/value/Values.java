package dev.overcast.dynamodb.value;

import dev.overcast.dynamodb.DynamoDbErrors;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's rules for attribute values: exactly one type, numbers of at most 38 significant digits within
 * 1E-130..9.99E+125 (normalised, compared numerically), sets non-empty without duplicates, nesting ≤ 32, and
 * DynamoDB's size accounting.
 */
public final class Values {

    public static final int MAX_ITEM_SIZE = 400 * 1024;
    private static final BigDecimal MAX = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN = new BigDecimal("1E-130");

    private Values() {
    }

    /** The value's type name as DynamoDB writes it (S, N, B, SS, NS, BS, M, L, BOOL, NULL). */
    public static String typeName(AttributeValue v) {
        AttributeValue.Type t = v.type();
        return t == AttributeValue.Type.NUL ? "NULL" : t == null ? "?" : t.name();
    }

    public static AttributeValue.Type type(AttributeValue v) {
        return v.type();
    }

    /** Validates and normalises an item (numbers canonical, sets de-duplicated check). */
    public static Map<String, AttributeValue> normaliseItem(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            checkAttributeName(e.getKey());
            out.put(e.getKey(), normalise(e.getValue(), 0));
        }
        return out;
    }

    /**
     * An item's attribute name (a top-level one: a map value's keys may be empty) is 1 to 65,535 bytes; the API model
     * checks the upper bound, DynamoDB itself refuses an empty one.
     */
    public static void checkAttributeName(String name) {
        if (name.isEmpty()) {
            throw DynamoDbErrors.invalidParameter("Empty attribute name");
        }
    }

    /** The deepest an attribute value nests. */
    public static final int MAX_DEPTH = 32;

    public static AttributeValue normalise(AttributeValue v, int depth) {
        if (v == null) {
            throw DynamoDbErrors.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        int set = (v.s() != null ? 1 : 0) + (v.n() != null ? 1 : 0) + (v.b() != null ? 1 : 0) + (v.bool() != null ? 1 : 0)
                + (v.nul() != null ? 1 : 0) + (v.hasSs() ? 1 : 0) + (v.hasNs() ? 1 : 0) + (v.hasBs() ? 1 : 0)
                + (v.hasM() ? 1 : 0) + (v.hasL() ? 1 : 0);
        if (set == 0) {
            throw DynamoDbErrors.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (set > 1) {
            throw DynamoDbErrors.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        if (depth > MAX_DEPTH) {
            throw DynamoDbErrors.validation("Nesting Levels have exceeded supported limits");
        }
        if (v.nul() != null && !v.nul()) {
            throw DynamoDbErrors.invalidParameter("Null attribute value types must have the value of true");
        }
        if (v.n() != null) {
            return AttributeValue.fromN(normaliseNumber(v.n()));
        }
        if (v.hasNs()) {
            if (v.ns().isEmpty()) {
                throw DynamoDbErrors.invalidParameter("An number set  may not be empty");
            }
            List<String> ns = new ArrayList<>();
            Set<BigDecimal> seen = new HashSet<>();
            for (String n : v.ns()) {
                String norm = normaliseNumber(n);
                if (!seen.add(new BigDecimal(norm))) {
                    throw DynamoDbErrors.invalidParameter("Input collection " + v.ns() + " contains duplicates.");
                }
                ns.add(norm);
            }
            return AttributeValue.fromNs(ns);
        }
        if (v.hasSs()) {
            if (v.ss().isEmpty()) {
                throw DynamoDbErrors.invalidParameter("An string set  may not be empty");
            }
            if (new HashSet<>(v.ss()).size() != v.ss().size()) {
                throw DynamoDbErrors.invalidParameter("Input collection " + v.ss() + " contains duplicates.");
            }
            return v;
        }
        if (v.hasBs()) {
            if (v.bs().isEmpty()) {
                throw DynamoDbErrors.invalidParameter("Binary sets should not be empty");
            }
            if (new HashSet<>(v.bs()).size() != v.bs().size()) {
                throw DynamoDbErrors.invalidParameter("Input collection " + v.bs() + "of type BS contains duplicates.");
            }
            return v;
        }
        if (v.hasM()) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                m.put(e.getKey(), normalise(e.getValue(), depth + 1));
            }
            return AttributeValue.fromM(m);
        }
        if (v.hasL()) {
            List<AttributeValue> l = new ArrayList<>(v.l().size());
            for (AttributeValue e : v.l()) {
                l.add(normalise(e, depth + 1));
            }
            return AttributeValue.fromL(l);
        }
        return v;
    }

    /** A number in DynamoDB's canonical form; the errors DynamoDB gives for bad or out-of-range numbers. */
    public static String normaliseNumber(String n) {
        BigDecimal d;
        try {
            String t = n.trim();
            if (t.isEmpty() || t.chars().anyMatch(c -> !(Character.isDigit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))) {
                throw new NumberFormatException();
            }
            d = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw DynamoDbErrors.validation("A value provided cannot be converted into a number");
        }
        if (d.signum() == 0) {
            return "0";
        }
        d = d.stripTrailingZeros();
        if (d.precision() > 38) {
            throw DynamoDbErrors.validation("Attempting to store more than 38 significant digits in a Number");
        }
        BigDecimal abs = d.abs();
        if (abs.compareTo(MAX) > 0) {
            throw DynamoDbErrors.validation("Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (abs.compareTo(MIN) < 0) {
            throw DynamoDbErrors.validation("Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return d.toPlainString();
    }

    public static BigDecimal number(String n) {
        return new BigDecimal(n);
    }

    /** Arithmetic result (exact), checked against the Number limits: never rounded to fit, as DynamoDB refuses it. */
    public static String numberResult(BigDecimal d) {
        return normaliseNumber(d.toPlainString());
    }

    /** DynamoDB's item size: attribute names (UTF-8) plus value sizes. */
    public static int itemSize(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8Length(e.getKey()) + size(e.getValue());
        }
        return size;
    }

    public static int size(AttributeValue v) {
        switch (v.type()) {
            case S:
                return utf8Length(v.s());
            case N:
                return numberSize(v.n());
            case B:
                return v.b().asByteArrayUnsafe().length;
            case BOOL:
            case NUL:
                return 1;
            case SS: {
                int s = 0;
                for (String x : v.ss()) {
                    s += utf8Length(x);
                }
                return s;
            }
            case NS: {
                int s = 0;
                for (String x : v.ns()) {
                    s += numberSize(x);
                }
                return s;
            }
            case BS: {
                int s = 0;
                for (SdkBytes x : v.bs()) {
                    s += x.asByteArrayUnsafe().length;
                }
                return s;
            }
            case M: {
                int s = 3;
                for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                    s += 1 + utf8Length(e.getKey()) + size(e.getValue());
                }
                return s;
            }
            case L: {
                int s = 3;
                for (AttributeValue e : v.l()) {
                    s += 1 + size(e);
                }
                return s;
            }
            default:
                return 0;
        }
    }

    private static int numberSize(String n) {
        BigDecimal d = new BigDecimal(n);
        if (d.signum() == 0) {
            return 1;
        }
        String digits = d.unscaledValue().abs().toString();
        return (digits.length() + 1) / 2 + 1 + (d.signum() < 0 ? 1 : 0);
    }

    public static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Deep equality as DynamoDB compares values: numbers numerically, sets regardless of order. */
    public static boolean equal(AttributeValue a, AttributeValue b) {
        if (a == null || b == null || a.type() != b.type()) {
            return false;
        }
        switch (a.type()) {
            case N:
                return new BigDecimal(a.n()).compareTo(new BigDecimal(b.n())) == 0;
            case NS: {
                if (a.ns().size() != b.ns().size()) {
                    return false;
                }
                Set<BigDecimal> x = new HashSet<>();
                a.ns().forEach(n -> x.add(new BigDecimal(n).stripTrailingZeros()));
                return b.ns().stream().allMatch(n -> x.contains(new BigDecimal(n).stripTrailingZeros()));
            }
            case SS:
                return a.ss().size() == b.ss().size() && new HashSet<>(a.ss()).equals(new HashSet<>(b.ss()));
            case BS:
                return a.bs().size() == b.bs().size() && new HashSet<>(a.bs()).equals(new HashSet<>(b.bs()));
            case M: {
                if (a.m().size() != b.m().size()) {
                    return false;
                }
                for (Map.Entry<String, AttributeValue> e : a.m().entrySet()) {
                    if (!equal(e.getValue(), b.m().get(e.getKey()))) {
                        return false;
                    }
                }
                return true;
            }
            case L: {
                if (a.l().size() != b.l().size()) {
                    return false;
                }
                for (int i = 0; i < a.l().size(); i++) {
                    if (!equal(a.l().get(i), b.l().get(i))) {
                        return false;
                    }
                }
                return true;
            }
            default:
                return a.equals(b);
        }
    }

    /**
     * Order of two scalar values of the same type (N numerically, S by UTF-8 bytes, B unsigned bytes); null when
     * they are not comparable.
     */
    public static Integer compare(AttributeValue a, AttributeValue b) {
        if (a == null || b == null || a.type() != b.type()) {
            return null;
        }
        return switch (a.type()) {
            case N -> new BigDecimal(a.n()).compareTo(new BigDecimal(b.n()));
            case S -> compareBytes(a.s().getBytes(StandardCharsets.UTF_8), b.s().getBytes(StandardCharsets.UTF_8));
            case B -> compareBytes(a.b().asByteArrayUnsafe(), b.b().asByteArrayUnsafe());
            default -> null;
        };
    }

    public static int compareBytes(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    /** How DynamoDB prints a value inside messages: {@code {S:abc}}. */
    public static String describe(AttributeValue v) {
        return switch (v.type()) {
            case S -> "{S:" + v.s() + "}";
            case N -> "{N:" + v.n() + "}";
            case BOOL -> "{BOOL:" + v.bool() + "}";
            case NUL -> "{NULL:true}";
            default -> "{" + typeName(v) + ":" + v + "}";
        };
    }
}
