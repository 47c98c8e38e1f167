package dev.overcast.common.policy;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One condition of a statement: an operator ({@code StringEquals}, {@code StringLike}, {@code Bool},
 * {@code IpAddress}, {@code NumericLessThan}, {@code Null} …, with {@code IfExists}) on one key, true when the
 * request's value matches any of the values. A single-valued key the request lacks satisfies only the negated
 * operators, {@code …IfExists} and {@code Null: true}. On a multi-valued key ({@link RequestFacts#sets()}) the set
 * qualifier decides: {@code ForAllValues:} holds when every value of the request matches (so also when it has none),
 * {@code ForAnyValue:} (and no qualifier) when at least one does.
 *
 * @param qualifier {@code ForAllValues}, {@code ForAnyValue}, or null
 */
public record PolicyCondition(String qualifier, String operator, boolean ifExists, String key, List<String> values,
                              List<Pattern> patterns) {

    static final Set<String> OPERATORS = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "Bool", "IpAddress", "NotIpAddress", "Null",
            "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
            "NumericGreaterThanEquals", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "DateEquals",
            "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals");

    static PolicyCondition of(String operatorText, String key, List<String> values, PolicyRules rules) {
        String op = operatorText.replaceFirst("^(ForAnyValue|ForAllValues):", "");
        String qualifier = op.equals(operatorText) ? null : operatorText.substring(0, operatorText.indexOf(':'));
        boolean ifExists = op.endsWith("IfExists");
        if (ifExists) {
            op = op.substring(0, op.length() - "IfExists".length());
        }
        if (!OPERATORS.contains(op)) {
            throw rules.malformed("Invalid Condition type : " + operatorText);
        }
        boolean ignoreCase = op.contains("IgnoreCase");
        List<Pattern> patterns = op.endsWith("Like") ? values.stream().map(v -> PolicyDocument.wildcard(v, ignoreCase))
                .toList() : List.of();
        return new PolicyCondition(qualifier, op, ifExists, key, values, patterns);
    }

    boolean negated() {
        return operator.contains("Not");
    }

    boolean holds(RequestFacts r) {
        List<String> set = r.set(key);
        if (set != null) {
            return holdsForSet(set);
        }
        String value = r.key(key);
        if (operator.equals("Null")) {
            return values.stream().anyMatch(v -> Boolean.parseBoolean(v) == (value == null));
        }
        if (value == null) {
            return ifExists || negated() || "ForAllValues".equals(qualifier);
        }
        return matches(value);
    }

    private boolean holdsForSet(List<String> set) {
        if (operator.equals("Null")) {
            return values.stream().anyMatch(v -> Boolean.parseBoolean(v) == set.isEmpty());
        }
        if ("ForAllValues".equals(qualifier)) {
            return set.stream().allMatch(this::matches);
        }
        return set.isEmpty() ? ifExists : set.stream().anyMatch(this::matches);
    }

    /** Whether one value of the request satisfies the operator (negated ones: matches none of the values). */
    private boolean matches(String value) {
        boolean any = switch (operator) {
            case "StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals" -> values.contains(value);
            case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" -> values.stream().anyMatch(value::equalsIgnoreCase);
            case "StringLike", "StringNotLike", "ArnLike", "ArnNotLike" ->
                    patterns.stream().anyMatch(p -> p.matcher(value).matches());
            case "Bool" -> values.stream().anyMatch(v -> v.equalsIgnoreCase(value));
            case "IpAddress", "NotIpAddress" -> values.stream().anyMatch(cidr -> inCidr(value, cidr));
            default -> values.stream().anyMatch(v -> compare(operator, value, v));
        };
        return negated() != any;
    }

    private static boolean compare(String operator, String actual, String expected) {
        int c;
        try {
            c = operator.startsWith("Date") ? java.time.Instant.parse(actual).compareTo(java.time.Instant.parse(expected))
                    : new BigDecimal(actual).compareTo(new BigDecimal(expected));
        } catch (RuntimeException e) {
            return false;
        }
        String kind = operator.replaceFirst("^(Numeric|Date)", "");
        return switch (kind) {
            case "Equals" -> c == 0;
            case "NotEquals" -> c != 0;
            case "LessThan" -> c < 0;
            case "LessThanEquals" -> c <= 0;
            case "GreaterThan" -> c > 0;
            default -> c >= 0;
        };
    }

    static boolean inCidr(String ip, String cidr) {
        try {
            String[] parts = cidr.split("/");
            byte[] address = InetAddress.getByName(ip.trim()).getAddress();
            byte[] network = InetAddress.getByName(parts[0].trim()).getAddress();
            if (address.length != network.length) {
                return false;
            }
            int bits = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : address.length * 8;
            for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                if ((address[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
    }

    /** Keys that narrow who a statement grants to, so that it is not public (GetBucketPolicyStatus). */
    boolean narrowsPrincipal() {
        String k = key.toLowerCase(Locale.ROOT);
        return !negated() && (k.equals("aws:sourceip") || k.equals("aws:sourcevpc") || k.equals("aws:sourcevpce")
                || k.equals("aws:principalaccount") || k.equals("aws:principalarn") || k.equals("aws:principalorgid")
                || k.equals("aws:sourceaccount") || k.equals("aws:sourcearn") || k.equals("aws:userid"));
    }
}
