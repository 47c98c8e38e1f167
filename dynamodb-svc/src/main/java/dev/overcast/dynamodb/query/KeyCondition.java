package dev.overcast.dynamodb.query;

import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.expression.Expr;
import dev.overcast.dynamodb.item.KeyCodec;
import dev.overcast.dynamodb.item.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A key condition reduced to what the store needs: the partition key value and a range of sort key encodings.
 * Accepts exactly DynamoDB's forms: {@code hash = :v} optionally AND one sort key condition.
 */
record KeyCondition(AttributeValue hashValue, byte[] hash, KeyRange range) {

    static KeyCondition of(Expr condition, String hashKey, String rangeKey, Map<String, String> types) {
        List<Expr> parts = new ArrayList<>();
        flatten(condition, parts);
        if (parts.size() > 2) {
            throw DynamoDbErrors.validation("Conditions can be of length 1 or 2 only");
        }
        AttributeValue hashValue = null;
        KeyRange range = KeyRange.ALL;
        boolean rangeSeen = false;
        for (Expr part : parts) {
            String attribute = attributeOf(part);
            if (attribute.equals(hashKey)) {
                if (hashValue != null) {
                    throw DynamoDbErrors.validation("KeyConditionExpressions must only contain one condition per key");
                }
                if (!(part instanceof Expr.Compare c) || !c.op().equals("=")) {
                    throw DynamoDbErrors.validation("Query key condition not supported");
                }
                hashValue = valueOf(c.left() instanceof Expr.Value ? c.left() : c.right());
                checkType(hashValue, types.get(hashKey));
            } else if (attribute.equals(rangeKey)) {
                if (rangeSeen) {
                    throw DynamoDbErrors.validation("KeyConditionExpressions must only contain one condition per key");
                }
                rangeSeen = true;
                range = range(part, types.get(rangeKey));
            } else {
                throw DynamoDbErrors.validation("Query condition missed key schema element: " + (hashValue == null ? hashKey : rangeKey));
            }
        }
        if (hashValue == null) {
            throw DynamoDbErrors.validation("Query condition missed key schema element: " + hashKey);
        }
        return new KeyCondition(hashValue, KeyCodec.encode(hashValue), range);
    }

    private static void flatten(Expr e, List<Expr> out) {
        if (e instanceof Expr.And and) {
            flatten(and.left(), out);
            flatten(and.right(), out);
        } else if (e instanceof Expr.Or || e instanceof Expr.Not || e instanceof Expr.In) {
            throw DynamoDbErrors.validation("Invalid operator used in KeyConditionExpression: "
                    + (e instanceof Expr.Or ? "OR" : e instanceof Expr.Not ? "NOT" : "IN"));
        } else {
            out.add(e);
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

    private static KeyRange range(Expr part, String type) {
        switch (part) {
            case Expr.Compare c -> {
                boolean flipped = c.left() instanceof Expr.Value;
                AttributeValue v = valueOf(flipped ? c.left() : c.right());
                checkType(v, type);
                byte[] enc = KeyCodec.encode(v);
                String op = flipped ? flip(c.op()) : c.op();
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
                return new KeyRange(KeyCodec.encode(lo), true, KeyCodec.encode(hi), true);
            }
            case Expr.Call call -> {
                AttributeValue prefix = valueOf(call.args().get(1));
                if (type.equals("N")) {
                    throw DynamoDbErrors.validation("Invalid KeyConditionExpression: Incorrect operand type for operator or "
                            + "function; operator or function: begins_with, operand type: N");
                }
                checkType(prefix, type);
                return KeyRange.prefix(KeyCodec.encode(prefix));
            }
            default -> throw DynamoDbErrors.validation("Query key condition not supported");
        }
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
