package dev.overcast.dynamodb.policy;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.policy.PolicyKeys;
import dev.overcast.common.policy.RequestFacts;
import dev.overcast.dynamodb.expression.Expr;
import dev.overcast.dynamodb.expression.ExpressionParser;
import dev.overcast.dynamodb.expression.Placeholders;
import dev.overcast.dynamodb.schema.TableDef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * What a DynamoDB request is to a resource-based policy of the table it names: the action, the resource (the table,
 * or its index for a Query or Scan of one), the global keys, and DynamoDB's own condition keys:
 * {@code dynamodb:LeadingKeys} (the partition key values of the items it acts on), {@code dynamodb:Attributes} (the
 * top-level attribute names it reads or writes), {@code dynamodb:Select} (a read's Select, or what its projection
 * implies), {@code dynamodb:ReturnValues} and {@code dynamodb:ReturnConsumedCapacity} (when given). A transaction is
 * one set of facts per item on the table, each with the item's own action ({@code dynamodb:PutItem} …),
 * {@code dynamodb:EnclosingOperation} and the request's {@code dynamodb:ReturnConsumedCapacity}; a PartiQL statement
 * of an ExecuteTransaction has {@code dynamodb:EnclosingOperation} ExecuteTransaction.
 */
public final class RequestKeys {

    private static final String LEADING_KEYS = "dynamodb:leadingkeys";
    private static final String ATTRIBUTES = "dynamodb:attributes";

    private RequestKeys() {
    }

    /**
     * The facts of the request by the account for the table (null: it does not exist) as the request names it
     * ({@code named}, a name or an ARN); the request null when the dispatcher did not announce it (then the action is
     * the operation of the {@code X-Amz-Target} header).
     */
    public static List<RequestFacts> of(RequestContext ctx, PolicyRequests.Pending pending, TableDef table,
                                        String named, String resourceArn, Instant now) {
        String operation = pending != null ? pending.operation() : target(ctx);
        Facts f = new Facts(ctx, table, resourceArn, now);
        if (pending == null) {
            return List.of(f.build("dynamodb:" + operation));
        }
        if (pending.enclosing() != null) {
            f.enclosing(pending.enclosing());
        }
        switch (pending.request()) {
            case GetItemRequest r -> f.read(r.key(), r.projectionExpression(), r.expressionAttributeNames(),
                    r.attributesToGet(), null).capacity(r.returnConsumedCapacityAsString());
            case PutItemRequest r -> f.item(r.item()).attributes(r.item().keySet())
                    .returnValues(r.returnValuesAsString()).capacity(r.returnConsumedCapacityAsString());
            case UpdateItemRequest r -> f.item(r.key()).attributes(r.key().keySet())
                    .attributes(updated(r)).returnValues(r.returnValuesAsString()).capacity(r.returnConsumedCapacityAsString());
            case DeleteItemRequest r -> f.item(r.key()).attributes(r.key().keySet())
                    .returnValues(r.returnValuesAsString()).capacity(r.returnConsumedCapacityAsString());
            case QueryRequest r -> f.index(r.indexName()).leading(queried(r, table))
                    .read(null, r.projectionExpression(), r.expressionAttributeNames(), r.attributesToGet(),
                            r.selectAsString()).capacity(r.returnConsumedCapacityAsString());
            case ScanRequest r -> f.index(r.indexName()).read(null, r.projectionExpression(),
                    r.expressionAttributeNames(), r.attributesToGet(), r.selectAsString())
                    .capacity(r.returnConsumedCapacityAsString());
            case BatchGetItemRequest r -> {
                KeysAndAttributes k = r.requestItems().get(named);
                if (k != null) {
                    k.keys().forEach(f::item);
                    f.read(null, k.projectionExpression(), k.expressionAttributeNames(), k.attributesToGet(), null);
                }
                f.capacity(r.returnConsumedCapacityAsString());
            }
            case BatchWriteItemRequest r -> {
                for (WriteRequest w : r.requestItems().getOrDefault(named, List.of())) {
                    Map<String, AttributeValue> item = w.putRequest() != null ? w.putRequest().item()
                            : w.deleteRequest().key();
                    f.item(item).attributes(item.keySet());
                }
                f.capacity(r.returnConsumedCapacityAsString());
            }
            case TransactWriteItemsRequest r -> {
                return transactWrite(ctx, r, table, named, resourceArn, now);
            }
            case TransactGetItemsRequest r -> {
                return transactGet(ctx, r, table, named, resourceArn, now);
            }
            default -> {
            }
        }
        return List.of(f.build("dynamodb:" + operation));
    }

    private static String target(RequestContext ctx) {
        String target = ctx.header("X-Amz-Target");
        return target == null ? "" : target.substring(target.lastIndexOf('.') + 1);
    }

    private static List<RequestFacts> transactWrite(RequestContext ctx, TransactWriteItemsRequest r, TableDef table,
                                                    String named, String arn, Instant now) {
        List<RequestFacts> out = new ArrayList<>();
        for (TransactWriteItem i : r.transactItems()) {
            Facts f = new Facts(ctx, table, arn, now).enclosing("TransactWriteItems")
                    .capacity(r.returnConsumedCapacityAsString());
            if (i.put() != null && named.equals(i.put().tableName())) {
                out.add(f.item(i.put().item()).attributes(i.put().item().keySet()).build("dynamodb:PutItem"));
            } else if (i.update() != null && named.equals(i.update().tableName())) {
                Update u = i.update();
                out.add(f.item(u.key()).attributes(u.key().keySet()).attributes(updatedNames(u.updateExpression(),
                        u.expressionAttributeNames(), u.expressionAttributeValues())).build("dynamodb:UpdateItem"));
            } else if (i.delete() != null && named.equals(i.delete().tableName())) {
                out.add(f.item(i.delete().key()).attributes(i.delete().key().keySet()).build("dynamodb:DeleteItem"));
            } else if (i.conditionCheck() != null && named.equals(i.conditionCheck().tableName())) {
                out.add(f.item(i.conditionCheck().key()).build("dynamodb:ConditionCheckItem"));
            }
        }
        return out;
    }

    private static List<RequestFacts> transactGet(RequestContext ctx, TransactGetItemsRequest r, TableDef table,
                                                  String named, String arn, Instant now) {
        List<RequestFacts> out = new ArrayList<>();
        for (TransactGetItem i : r.transactItems()) {
            Get g = i.get();
            if (g != null && named.equals(g.tableName())) {
                out.add(new Facts(ctx, table, arn, now).enclosing("TransactGetItems")
                        .capacity(r.returnConsumedCapacityAsString())
                        .read(g.key(), g.projectionExpression(), g.expressionAttributeNames(), List.of(), null)
                        .build("dynamodb:GetItem"));
            }
        }
        return out;
    }

    /** The top-level attributes an UpdateItem sets, removes, adds or deletes. */
    private static Set<String> updated(UpdateItemRequest r) {
        if (r.updateExpression() == null) {
            return r.attributeUpdates().keySet();
        }
        return updatedNames(r.updateExpression(), r.expressionAttributeNames(), r.expressionAttributeValues());
    }

    private static Set<String> updatedNames(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        Set<String> out = new LinkedHashSet<>();
        if (expression == null) {
            return out;
        }
        parsed(() -> ExpressionParser.update(expression, placeholders(names, values)).actions()
                .forEach(a -> out.add(a.path().head())));
        return out;
    }

    /**
     * The partition key value a Query's key condition gives, on the table or a local index (which share the table's
     * partition key); none for a global index.
     */
    private static List<String> queried(QueryRequest r, TableDef table) {
        List<String> out = new ArrayList<>();
        if (table == null || (r.indexName() != null && table.index(r.indexName()) != null
                && table.index(r.indexName()).global())) {
            return out;
        }
        String hash = table.hashKey();
        if (r.keyConditionExpression() != null) {
            parsed(() -> equalities(ExpressionParser.condition(ExpressionParser.Kind.KEY_CONDITION,
                    r.keyConditionExpression(), placeholders(r.expressionAttributeNames(), r.expressionAttributeValues())),
                    hash, v -> addText(out, v)));
        } else if (r.keyConditions().get(hash) != null && r.keyConditions().get(hash).hasAttributeValueList()) {
            r.keyConditions().get(hash).attributeValueList().forEach(v -> addText(out, v));
        }
        return out;
    }

    private static void equalities(Expr e, String attribute, Consumer<AttributeValue> value) {
        if (e instanceof Expr.And and) {
            equalities(and.left(), attribute, value);
            equalities(and.right(), attribute, value);
        } else if (e instanceof Expr.Compare c && c.op().equals("=")) {
            if (c.left() instanceof Expr.PathRef p && p.path().isTopLevel() && p.path().head().equals(attribute)
                    && c.right() instanceof Expr.Value v) {
                value.accept(v.value());
            } else if (c.right() instanceof Expr.PathRef p && p.path().isTopLevel() && p.path().head().equals(attribute)
                    && c.left() instanceof Expr.Value v) {
                value.accept(v.value());
            }
        }
    }

    private static Placeholders placeholders(Map<String, String> names, Map<String, AttributeValue> values) {
        return Placeholders.of(names, values, !names.isEmpty(), !values.isEmpty());
    }

    /** Runs a parse whose failure leaves the key out: the operation itself answers the request's error. */
    private static void parsed(Runnable parse) {
        try {
            parse.run();
        } catch (RuntimeException e) {
            // not a valid expression: no value for the key
        }
    }

    private static void addText(List<String> out, AttributeValue v) {
        String text = v.s() != null ? v.s() : v.n() != null ? v.n()
                : v.b() != null ? Base64.getEncoder().encodeToString(v.b().asByteArray()) : null;
        if (text != null) {
            out.add(text);
        }
    }

    /** The facts being gathered for one action on the table. */
    private static final class Facts {
        private final TableDef table;
        private final Map<String, String> keys;
        private String resource;
        private List<String> leading;
        private Set<String> attributes;

        Facts(RequestContext ctx, TableDef table, String resourceArn, Instant now) {
            this.table = table;
            this.keys = PolicyKeys.global(ctx, ctx.account(), now);
            this.resource = resourceArn;
        }

        Facts enclosing(String operation) {
            keys.put("dynamodb:enclosingoperation", operation);
            return this;
        }

        Facts index(String indexName) {
            if (indexName != null) {
                resource = resource + "/index/" + indexName;
            }
            return this;
        }

        /** An item (or a key) the request acts on: its partition key value leads. */
        Facts item(Map<String, AttributeValue> item) {
            if (table != null && item.get(table.hashKey()) != null) {
                leading(List.of());
                addText(leading, item.get(table.hashKey()));
            }
            return this;
        }

        Facts leading(List<String> values) {
            if (leading == null) {
                leading = new ArrayList<>();
            }
            leading.addAll(values);
            return this;
        }

        Facts attributes(java.util.Collection<String> names) {
            if (attributes == null) {
                attributes = new LinkedHashSet<>();
            }
            attributes.addAll(names);
            return this;
        }

        /**
         * A read: its key, the attributes its projection names, and its Select (given, or SPECIFIC_ATTRIBUTES with a
         * projection, ALL_ATTRIBUTES without).
         */
        Facts read(Map<String, AttributeValue> key, String projection, Map<String, String> names,
                   List<String> attributesToGet, String select) {
            if (key != null) {
                item(key);
            }
            boolean projected = projection != null || !attributesToGet.isEmpty();
            if (projection != null) {
                Set<String> heads = new LinkedHashSet<>();
                parsed(() -> ExpressionParser.projection(projection, placeholders(names, Map.of())).paths()
                        .forEach(p -> heads.add(p.head())));
                attributes(heads);
            } else if (!attributesToGet.isEmpty()) {
                attributes(attributesToGet);
            }
            keys.put("dynamodb:select", select != null ? select : projected ? "SPECIFIC_ATTRIBUTES" : "ALL_ATTRIBUTES");
            return this;
        }

        Facts returnValues(String value) {
            put("dynamodb:returnvalues", value);
            return this;
        }

        Facts capacity(String value) {
            put("dynamodb:returnconsumedcapacity", value);
            return this;
        }

        private void put(String key, String value) {
            if (value != null) {
                keys.put(key, value);
            }
        }

        RequestFacts build(String action) {
            Map<String, List<String>> sets = new java.util.HashMap<>();
            if (leading != null) {
                sets.put(LEADING_KEYS, List.copyOf(leading));
            }
            if (attributes != null) {
                sets.put(ATTRIBUTES, List.copyOf(attributes));
            }
            return new RequestFacts(keys.get("aws:principalaccount"), action, resource, keys, sets);
        }
    }
}
