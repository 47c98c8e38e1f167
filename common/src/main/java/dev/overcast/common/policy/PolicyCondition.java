package dev.overcast.common.policy;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One condition of a statement: an operator ({@code StringEquals}, {@code StringLike}, {@code Bool},
 * {@code IpAddress}, {@code NumericLessThan}, {@code Null} …, with {@code IfExists}) on one key, true when the
 * request's value matches any of the values. A single-valued key the request lacks satisfies only the negated
 * operators, {@code …IfExists} and {@code Null: true}. On a multi-valued key ({@link RequestFacts#sets()}) the set
 * qualifier decides: {@code ForAllValues:} holds when every value of the request matches (so also when it has none),
 * {@code ForAnyValue:} (and no qualifier) when at least one does.
 *
 * @param qualifier {@code ForAllValues}, {@code ForAnyValue}, or null
 * @param key       the condition key, in lower case (as {@link RequestFacts} keeps them)
 * @param patterns  the values as wildcards ({@code …Like} operators)
 * @param networks  the values as CIDR blocks ({@code IpAddress}, {@code NotIpAddress}; null for one that is not)
 */
public record PolicyCondition(String qualifier, String operator, boolean ifExists, String key, List<String> values,
                              List<Wildcard> patterns, List<Network> networks) {

    /** A CIDR block (or one address), parsed when the policy is compiled. */
    record Network(byte[] address, int bits) {

        static Network parse(String cidr) {
            String[] parts = cidr.split("/");
            byte[] address = PolicyCondition.address(parts[0].trim());
            try {
                return address == null ? null : new Network(address,
                        parts.length > 1 ? Integer.parseInt(parts[1].trim()) : address.length * 8);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        boolean contains(byte[] ip) {
            if (ip.length != address.length) {
                return false;
            }
            int left = bits;
            for (int i = 0; i < ip.length && left > 0; i++, left -= 8) {
                int mask = left >= 8 ? 0xFF : (0xFF << (8 - left)) & 0xFF;
                if ((ip[i] & mask) != (address[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

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
        List<Wildcard> patterns = op.endsWith("Like") ? values.stream().map(v -> PolicyDocument.wildcard(v, ignoreCase))
                .toList() : List.of();
        List<Network> networks = op.endsWith("IpAddress") ? values.stream().map(Network::parse).toList() : List.of();
        return new PolicyCondition(qualifier, op, ifExists, key.toLowerCase(Locale.ROOT), values, patterns, networks);
    }

    boolean negated() {
        return operator.contains("Not");
    }

    boolean holds(RequestFacts r) {
        List<String> set = r.sets().get(key);
        if (set != null) {
            return holdsForSet(set);
        }
        String value = r.keys().get(key);
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
            case "StringLike", "StringNotLike", "ArnLike", "ArnNotLike" -> anyMatch(value);
            case "Bool" -> values.stream().anyMatch(v -> v.equalsIgnoreCase(value));
            case "IpAddress", "NotIpAddress" -> inAnyNetwork(value);
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

    private boolean anyMatch(String value) {
        for (Wildcard p : patterns) {
            if (p.matches(value)) {
                return true;
            }
        }
        return false;
    }

    private boolean inAnyNetwork(String value) {
        byte[] ip = address(value.trim());
        if (ip != null) {
            for (Network n : networks) {
                if (n != null && n.contains(ip)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The bytes of an IP address literal (dotted IPv4, or IPv6 with colons), null for anything else: never a host name
     * (which would be looked up).
     */
    static byte[] address(String text) {
        if (text.indexOf(':') >= 0) {
            try {
                return InetAddress.getByName(text).getAddress(); // an IPv6 literal: parsed, never looked up
            } catch (UnknownHostException e) {
                return null;
            }
        }
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part == 4) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9' && value < 256) {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    /** Keys that narrow who a statement grants to, so that it is not public (GetBucketPolicyStatus). */
    boolean narrowsPrincipal() {
        return !negated() && (key.equals("aws:sourceip") || key.equals("aws:sourcevpc") || key.equals("aws:sourcevpce")
                || key.equals("aws:principalaccount") || key.equals("aws:principalarn") || key.equals("aws:principalorgid")
                || key.equals("aws:sourceaccount") || key.equals("aws:sourcearn") || key.equals("aws:userid"));
    }
}
