package dev.overcast.dynamodb.expression;

import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.value.Values;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, validated, and which of them the
 * request's expressions used: every one must be used, none may be missing.
 */
public final class Placeholders {

    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames = new LinkedHashSet<>();
    private final Set<String> usedValues = new LinkedHashSet<>();

    public Placeholders(Map<String, String> names, Map<String, AttributeValue> values, boolean namesGiven,
                        boolean valuesGiven) {
        this.names = namesGiven ? names : Map.of();
        if (namesGiven && names.isEmpty()) {
            throw DynamoDbErrors.validation("ExpressionAttributeNames must not be empty");
        }
        if (valuesGiven && values.isEmpty()) {
            throw DynamoDbErrors.validation("ExpressionAttributeValues must not be empty");
        }
        for (Map.Entry<String, String> e : this.names.entrySet()) {
            if (!e.getKey().startsWith("#") || e.getKey().length() < 2) {
                throw DynamoDbErrors.validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \""
                        + e.getKey() + "\"");
            }
            if (e.getValue().isEmpty()) {
                throw DynamoDbErrors.validation("ExpressionAttributeNames contains invalid value: Empty attribute name for key "
                        + e.getKey());
            }
        }
        this.values = new LinkedHashMap<>();
        if (valuesGiven) {
            for (Map.Entry<String, AttributeValue> e : values.entrySet()) {
                if (!e.getKey().startsWith(":") || e.getKey().length() < 2) {
                    throw DynamoDbErrors.validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \""
                            + e.getKey() + "\"");
                }
                try {
                    this.values.put(e.getKey(), Values.normalise(e.getValue(), 0));
                } catch (AwsException ex) {
                    throw DynamoDbErrors.validation("ExpressionAttributeValues contains invalid value: " + ex.getMessage()
                            + " for key " + e.getKey());
                }
            }
        }
    }

    public static Placeholders of(Map<String, String> names, Map<String, AttributeValue> values,
                                  boolean namesGiven, boolean valuesGiven) {
        return new Placeholders(names, values, namesGiven, valuesGiven);
    }

    /** The attribute name for {@code #n}, or null when undefined. */
    String name(String placeholder) {
        String n = names.get(placeholder);
        if (n != null) {
            usedNames.add(placeholder);
        }
        return n;
    }

    AttributeValue value(String placeholder) {
        AttributeValue v = values.get(placeholder);
        if (v != null) {
            usedValues.add(placeholder);
        }
        return v;
    }

    /** After all of a request's expressions are parsed: every placeholder given must have been used. */
    public void requireAllUsed(boolean anyExpression) {
        if (!anyExpression) {
            if (!names.isEmpty()) {
                throw DynamoDbErrors.validation("ExpressionAttributeNames can only be specified when using expressions");
            }
            if (!values.isEmpty()) {
                throw DynamoDbErrors.validation("ExpressionAttributeValues can only be specified when using expressions");
            }
            return;
        }
        Set<String> unusedNames = names.keySet().stream().filter(k -> !usedNames.contains(k))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (!unusedNames.isEmpty()) {
            throw DynamoDbErrors.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = values.keySet().stream().filter(k -> !usedValues.contains(k))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (!unusedValues.isEmpty()) {
            throw DynamoDbErrors.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                    + String.join(", ", unusedValues) + "}");
        }
    }
}
