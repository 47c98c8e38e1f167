package dev.overcast.dynamodb.expression;

import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.value.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;

/**
 * The legacy parameters older clients still send (Expected, KeyConditions, QueryFilter, ScanFilter with
 * ConditionalOperator; AttributeUpdates), translated into the same syntax trees the expressions parse to.
 */
public final class LegacyConditions {

    private LegacyConditions() {
    }

    /** ProjectionExpression or the legacy AttributesToGet (not both), or null for the whole item. */
    public static Expr.Projection projection(String expression, List<String> attributesToGet, Placeholders ph) {
        if (expression != null && attributesToGet != null) {
            throw DynamoDbErrors.validation("Can not use both expression and non-expression parameters in the same request: "
                    + "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
        }
        if (expression != null) {
            return ExpressionParser.projection(expression, ph);
        }
        if (attributesToGet != null) {
            return new Expr.Projection(attributesToGet.stream().map(a -> new Path(List.of((Object) a))).toList());
        }
        return null;
    }

    /** ConditionExpression or Expected (not both), as one condition; null when neither. */
    public static Expr condition(String expression, Map<String, ExpectedAttributeValue> expected, String operator,
                                 Placeholders ph) {
        if (expression != null && expected != null) {
            throw DynamoDbErrors.validation("Can not use both expression and non-expression parameters in the same request: "
                    + "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}");
        }
        if (expression != null) {
            return ExpressionParser.condition(ExpressionParser.Kind.CONDITION, expression, ph);
        }
        if (expected == null || expected.isEmpty()) {
            return null;
        }
        List<Expr> parts = new ArrayList<>();
        for (Map.Entry<String, ExpectedAttributeValue> e : expected.entrySet()) {
            ExpectedAttributeValue x = e.getValue();
            Expr.PathRef path = new Expr.PathRef(new Path(List.of((Object) e.getKey())));
            if (x.comparisonOperator() != null) {
                parts.add(comparison(path, x.comparisonOperatorAsString(), x.hasAttributeValueList() ? x.attributeValueList()
                        : x.value() == null ? List.of() : List.of(x.value())));
            } else if (Boolean.FALSE.equals(x.exists())) {
                if (x.value() != null) {
                    throw DynamoDbErrors.invalidParameter("Value cannot be used when Exists is false for Attribute: " + e.getKey());
                }
                parts.add(new Expr.Call("attribute_not_exists", List.of(path)));
            } else {
                if (x.value() == null) {
                    throw DynamoDbErrors.invalidParameter("Value must be provided when Exists is true for Attribute: " + e.getKey());
                }
                parts.add(new Expr.Compare("=", path, value(x.value())));
            }
        }
        return combine(parts, operator);
    }

    /** KeyConditions, QueryFilter or ScanFilter as one condition; null when absent. */
    public static Expr conditions(Map<String, Condition> conditions, String operator) {
        if (conditions == null || conditions.isEmpty()) {
            return null;
        }
        List<Expr> parts = new ArrayList<>();
        for (Map.Entry<String, Condition> e : conditions.entrySet()) {
            Condition c = e.getValue();
            parts.add(comparison(new Expr.PathRef(new Path(List.of((Object) e.getKey()))), c.comparisonOperatorAsString(),
                    c.hasAttributeValueList() ? c.attributeValueList() : List.of()));
        }
        return combine(parts, operator);
    }

    private static Expr combine(List<Expr> parts, String operator) {
        Expr out = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            out = "OR".equals(operator) ? new Expr.Or(out, parts.get(i)) : new Expr.And(out, parts.get(i));
        }
        return out;
    }

    private static Expr.Value value(AttributeValue v) {
        return new Expr.Value(":legacy", Values.normalise(v, 0));
    }

    private static Expr comparison(Expr.PathRef path, String op, List<AttributeValue> args) {
        int expected = switch (op) {
            case "NULL", "NOT_NULL" -> 0;
            case "BETWEEN" -> 2;
            case "IN" -> -1;
            default -> 1;
        };
        if ((expected >= 0 && args.size() != expected) || (expected < 0 && args.isEmpty())) {
            throw DynamoDbErrors.invalidParameter("Invalid number of argument(s) for the " + op + " ComparisonOperator");
        }
        return switch (op) {
            case "EQ" -> new Expr.Compare("=", path, value(args.get(0)));
            case "NE" -> new Expr.Compare("<>", path, value(args.get(0)));
            case "LT" -> new Expr.Compare("<", path, value(args.get(0)));
            case "LE" -> new Expr.Compare("<=", path, value(args.get(0)));
            case "GT" -> new Expr.Compare(">", path, value(args.get(0)));
            case "GE" -> new Expr.Compare(">=", path, value(args.get(0)));
            case "NULL" -> new Expr.Call("attribute_not_exists", List.of(path));
            case "NOT_NULL" -> new Expr.Call("attribute_exists", List.of(path));
            case "CONTAINS" -> new Expr.Call("contains", List.of(path, value(args.get(0))));
            case "NOT_CONTAINS" -> new Expr.Not(new Expr.Call("contains", List.of(path, value(args.get(0)))));
            case "BEGINS_WITH" -> new Expr.Call("begins_with", List.of(path, value(args.get(0))));
            case "BETWEEN" -> new Expr.Between(path, value(args.get(0)), value(args.get(1)));
            case "IN" -> new Expr.In(path, args.stream().map(a -> (Expr) value(a)).toList());
            default -> throw DynamoDbErrors.validation("Unsupported operator on ExpectedAttributeValue or ConditionalOperator: " + op);
        };
    }

    /** AttributeUpdates as an update expression. */
    /** AttributeUpdates' ADD of a List appends its elements to the list (a new one when the attribute is absent). */
    private static Expr.UpdateAction appendAction(Path path, AttributeValue list) {
        Expr existing = new Expr.Call("if_not_exists", List.of(new Expr.PathRef(path), value(AttributeValue.fromL(List.of()))));
        return new Expr.UpdateAction("SET", path, new Expr.Call("list_append", List.of(existing, value(list))));
    }

    public static Expr.Update attributeUpdates(Map<String, AttributeValueUpdate> updates) {
        List<Expr.UpdateAction> actions = new ArrayList<>();
        for (Map.Entry<String, AttributeValueUpdate> e : updates.entrySet()) {
            Values.checkAttributeName(e.getKey());
            Path path = new Path(List.of((Object) e.getKey()));
            AttributeValueUpdate u = e.getValue();
            String action = u.action() == null ? "PUT" : u.actionAsString();
            switch (action) {
                case "PUT" -> {
                    if (u.value() == null) {
                        throw DynamoDbErrors.invalidParameter("Only DELETE action is allowed when no attribute value is specified");
                    }
                    actions.add(new Expr.UpdateAction("SET", path, value(u.value())));
                }
                case "DELETE" -> actions.add(u.value() == null ? new Expr.UpdateAction("REMOVE", path, null)
                        : new Expr.UpdateAction("DELETE", path, value(u.value())));
                case "ADD" -> {
                    if (u.value() == null) {
                        throw DynamoDbErrors.invalidParameter("Only DELETE action is allowed when no attribute value is specified");
                    }
                    actions.add(u.value().hasL() ? appendAction(path, u.value())
                            : new Expr.UpdateAction("ADD", path, value(u.value())));
                }
                default -> throw DynamoDbErrors.validation("Unknown action " + action);
            }
        }
        return new Expr.Update(actions);
    }
}
