package dev.overcast.firehose.destination;

import dev.overcast.firehose.FirehoseErrors;
import java.security.SecureRandom;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3 prefixes as Firehose evaluates them: {@code !{timestamp:<DateTimeFormatter pattern>}},
 * {@code !{firehose:random-string}}, {@code !{firehose:error-output-type}},
 * {@code !{partitionKeyFromQuery:key}} and {@code !{partitionKeyFromLambda:key}}. A prefix without expressions gets the
 * default time prefix {@code yyyy/MM/dd/HH/} after it; with expressions it is used as evaluated.
 */
public final class Prefixes {

    /** The default time prefix (UTC unless CustomTimeZone says otherwise). */
    public static final String DEFAULT_TIME = "yyyy/MM/dd/HH/";

    private static final Pattern EXPRESSION = Pattern.compile("!\\{([^}:]*):([^}]*)}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Prefixes() {
    }

    private static boolean hasExpressions(String prefix) {
        return prefix != null && prefix.contains("!{");
    }

    /**
     * Checks Prefix and ErrorOutputPrefix against Firehose's rules: known namespaces only, valid timestamp patterns,
     * error-output-type only in ErrorOutputPrefix, an ErrorOutputPrefix whenever Prefix has expressions, partition
     * keys only (and at least one) with dynamic partitioning.
     */
    public static void check(String prefix, String errorOutputPrefix, boolean dynamicPartitioning) {
        int partitionKeys = checkExpressions("Prefix", prefix, false);
        checkExpressions("ErrorOutputPrefix", errorOutputPrefix, true);
        if (hasExpressions(prefix) && (errorOutputPrefix == null || errorOutputPrefix.isEmpty())) {
            throw FirehoseErrors.invalidArgument(
                    "ErrorOutputPrefix cannot be null or empty when Prefix contains expressions.");
        }
        if (partitionKeys > 0 && !dynamicPartitioning) {
            throw FirehoseErrors.invalidArgument("The partitionKeyFromQuery and partitionKeyFromLambda namespaces can "
                    + "only be used in Prefix when dynamic partitioning is enabled.");
        }
        if (dynamicPartitioning && partitionKeys == 0) {
            throw FirehoseErrors.invalidArgument("When dynamic partitioning is enabled, Prefix must contain at least one "
                    + "partitionKeyFromQuery or partitionKeyFromLambda expression.");
        }
    }

    /** Checks each expression of a prefix; returns how many partition key expressions it holds. */
    private static int checkExpressions(String member, String prefix, boolean errorPrefix) {
        if (prefix == null) {
            return 0;
        }
        int keys = 0;
        Matcher m = EXPRESSION.matcher(prefix);
        int end = 0;
        while (m.find()) {
            if (prefix.substring(end, m.start()).contains("!{")) {
                throw malformed(member, prefix);
            }
            end = m.end();
            String namespace = m.group(1);
            String value = m.group(2);
            switch (namespace) {
                case "timestamp" -> {
                    try {
                        DateTimeFormatter.ofPattern(value);
                    } catch (IllegalArgumentException e) {
                        throw FirehoseErrors.invalidArgument("The expression !{timestamp:" + value + "} in " + member
                                + " is not a valid Java DateTimeFormatter pattern: " + e.getMessage());
                    }
                }
                case "firehose" -> {
                    if (value.equals("error-output-type")) {
                        if (!errorPrefix) {
                            throw FirehoseErrors.invalidArgument("The expression !{firehose:error-output-type} is only "
                                    + "allowed in ErrorOutputPrefix.");
                        }
                    } else if (!value.equals("random-string")) {
                        throw FirehoseErrors.invalidArgument("The expression !{firehose:" + value + "} in " + member
                                + " is not supported: the firehose namespace has error-output-type and random-string.");
                    }
                }
                case "partitionKeyFromQuery", "partitionKeyFromLambda" -> {
                    if (errorPrefix) {
                        throw FirehoseErrors.invalidArgument("The " + namespace + " namespace cannot be used in "
                                + "ErrorOutputPrefix.");
                    }
                    keys++;
                }
                default -> throw FirehoseErrors.invalidArgument("The expression namespace '" + namespace + "' in "
                        + member + " is not supported: use timestamp, firehose, partitionKeyFromQuery or "
                        + "partitionKeyFromLambda.");
            }
        }
        if (prefix.substring(end).contains("!{")) {
            throw malformed(member, prefix);
        }
        return keys;
    }

    private static RuntimeException malformed(String member, String prefix) {
        return FirehoseErrors.invalidArgument(member + " '" + prefix + "' has an expression that is not of the form "
                + "!{namespace:value}.");
    }

    /** The key prefix of an object whose oldest record arrived at {@code at} (in the destination's time zone). */
    public static String evaluate(String prefix, ZonedDateTime at, Map<String, String> partitionKeys) {
        return evaluate(prefix, at, partitionKeys, null);
    }

    /** The key prefix of an error object of {@code errorType} (processing-failed, format-conversion-failed, …). */
    public static String evaluateError(String errorOutputPrefix, ZonedDateTime at, String errorType) {
        if (errorOutputPrefix == null || errorOutputPrefix.isEmpty()) {
            return errorType + "/" + at.format(DateTimeFormatter.ofPattern(DEFAULT_TIME));
        }
        return evaluate(errorOutputPrefix, at, Map.of(), errorType);
    }

    private static String evaluate(String prefix, ZonedDateTime at, Map<String, String> partitionKeys, String errorType) {
        String p = prefix == null ? "" : prefix;
        if (!hasExpressions(p)) {
            return p + at.format(DateTimeFormatter.ofPattern(DEFAULT_TIME));
        }
        Matcher m = EXPRESSION.matcher(p);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(2);
            String replacement = switch (m.group(1)) {
                case "timestamp" -> at.format(DateTimeFormatter.ofPattern(value));
                case "firehose" -> value.equals("random-string") ? randomString() : errorType;
                default -> partitionKeys.getOrDefault(value, "");
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The partition keys a prefix names ({@code !{partitionKeyFromQuery:k}}, {@code !{partitionKeyFromLambda:k}}). */
    public static java.util.Set<String> partitionKeyNames(String prefix) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        if (prefix != null) {
            Matcher m = EXPRESSION.matcher(prefix);
            while (m.find()) {
                if (m.group(1).startsWith("partitionKeyFrom")) {
                    names.add(m.group(2));
                }
            }
        }
        return names;
    }

    /** Firehose's random string: 11 characters, lower-case letters and digits. */
    public static String randomString() {
        char[] c = new char[11];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }
}
