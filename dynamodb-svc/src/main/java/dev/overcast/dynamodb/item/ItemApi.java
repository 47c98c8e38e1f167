package dev.overcast.dynamodb.item;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RawJsonResponse;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.expression.Evaluator;
import dev.overcast.dynamodb.expression.Expr;
import dev.overcast.dynamodb.expression.ExpressionParser;
import dev.overcast.dynamodb.expression.LegacyConditions;
import dev.overcast.dynamodb.expression.Path;
import dev.overcast.dynamodb.expression.Placeholders;
import dev.overcast.dynamodb.index.IndexStore;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.table.Throttling;
import dev.overcast.dynamodb.value.Capacity;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.ItemKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.*;

/** Single-item operations: PutItem, GetItem, UpdateItem, DeleteItem. */
@AwsApi(api = "dynamodb")
public class ItemApi {

    private final TableStore tables;
    private final ItemStore items;
    private final GroupedWrites writes;
    private final Throttling throttling;
    private final IndexStore indexes;

    public ItemApi(TableStore tables, ItemStore items, GroupedWrites writes, Throttling throttling, IndexStore indexes) {
        this.tables = tables;
        this.items = items;
        this.writes = writes;
        this.throttling = throttling;
        this.indexes = indexes;
    }

    /** What a write consumed, paid on the table's buckets; null when neither the caller nor throttling needs it. */
    private Capacity.Tally consumed(TableDef t, ReturnConsumedCapacity mode, ItemWriter.Result result) {
        if (!Capacity.wanted(mode) && !throttling.active(t)) {
            return null;
        }
        Capacity.Tally used = Capacity.write(t, result.before(), result.after());
        throttling.charge(used);
        return used;
    }

    private static ConsumedCapacity report(Capacity.Tally used, ReturnConsumedCapacity mode) {
        return used == null ? null : used.build(mode);
    }

    /**
     * A PutItem, prepared once: its condition before the table is looked up, its item on the table as cached (the
     * group checks the table is current in its transaction: {@link GroupedWrites}).
     */
    public PutItemResponse putItem(RequestContext ctx, PutItemRequest r) {
        // the expressions are read before the table is looked up, as DynamoDB validates them first
        Expr condition = writeCondition(r.conditionExpression(), r.hasExpected() ? r.expected() : null,
                r.conditionalOperatorAsString(), r.expressionAttributeNames(), r.expressionAttributeValues(),
                r.hasExpressionAttributeNames(), r.hasExpressionAttributeValues(), r.returnValues());
        Written p = tables.withTable(ctx, r.tableName(), t -> {
            ItemWriter.Put put = ItemWriter.Put.of(t, r.item(), condition);
            return new Written(put, write(put, needBefore(t, r), r.returnValuesOnConditionCheckFailure()));
        });
        TableDef t = p.write().table();
        PutItemResponse.Builder b = PutItemResponse.builder()
                .consumedCapacity(report(consumed(t, r.returnConsumedCapacity(), p.result()), r.returnConsumedCapacity()))
                .itemCollectionMetrics(indexes.collectionMetrics(t, p.write().key(), r.returnItemCollectionMetrics()));
        if (r.returnValues() == ReturnValue.ALL_OLD && p.result().before() != null) {
            b.attributes(p.result().before());
        }
        return b.build();
    }

    /** A single-item write and its result once written. */
    private record Written(ItemWriter.Write write, ItemWriter.Result result) {
    }

    /** Whether the put needs the item it replaces: to return it, or to meter the write. */
    private boolean needBefore(TableDef t, PutItemRequest r) {
        return r.returnValues() == ReturnValue.ALL_OLD || Capacity.wanted(r.returnConsumedCapacity()) || throttling.active(t);
    }

    public RawJsonResponse<GetItemResponse> getItem(RequestContext ctx, GetItemRequest r) {
        boolean raw = RawJsonResponse.accepted(ctx);
        // the projection is read before the table is looked up, as DynamoDB validates it first
        Placeholders ph = Placeholders.of(r.expressionAttributeNames(), null, r.hasExpressionAttributeNames(), false);
        Expr.Projection projection = LegacyConditions.projection(r.projectionExpression(), r.hasAttributesToGet() ? r.attributesToGet() : null, ph);
        ph.requireAllUsed(r.projectionExpression() != null);
        return tables.withTable(ctx, r.tableName(), t -> getItem(t, r, projection, raw));
    }

    /** The item as stored is passed on (raw) when the answer is JSON text and no projection looks into it. */
    private RawJsonResponse<GetItemResponse> getItem(TableDef t, GetItemRequest r, Expr.Projection projection, boolean raw) {
        ItemKey key = ItemKey.fromKey(t, r.key());
        throttling.admit(t, null, true);
        ItemStore.Stored item = items.getCurrent(t, key);
        Capacity.Tally used = Capacity.read(t, null, item == null ? 0 : item.size(), Boolean.TRUE.equals(r.consistentRead()));
        throttling.charge(used);
        GetItemResponse.Builder b = GetItemResponse.builder().consumedCapacity(used.build(r.returnConsumedCapacity()));
        if (item == null) {
            return RawJsonResponse.of(b.build());
        }
        if (raw && projection == null) {
            return new RawJsonResponse<>(b.build(), Map.of("Item", item.data()));
        }
        Map<String, AttributeValue> whole = ItemJson.read(item.data());
        return RawJsonResponse.of(b.item(projection == null ? whole : Evaluator.project(whole, projection)).build());
    }

    public UpdateItemResponse updateItem(RequestContext ctx, UpdateItemRequest r) {
        Placeholders ph = Placeholders.of(r.expressionAttributeNames(), r.expressionAttributeValues(),
                r.hasExpressionAttributeNames(), r.hasExpressionAttributeValues());
        if (r.updateExpression() != null && r.hasAttributeUpdates()) {
            throw DynamoDbErrors.validation("Can not use both expression and non-expression parameters in the same request: "
                    + "Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}");
        }
        Expr.Update update = r.updateExpression() != null ? ExpressionParser.update(r.updateExpression(), ph)
                : r.hasAttributeUpdates() ? LegacyConditions.attributeUpdates(r.attributeUpdates()) : null;
        Expr condition = LegacyConditions.condition(r.conditionExpression(), r.hasExpected() ? r.expected() : null,
                r.conditionalOperatorAsString(), ph);
        ph.requireAllUsed(r.updateExpression() != null || r.conditionExpression() != null);
        // the table after the expressions, as DynamoDB validates them first
        Written w = tables.withTable(ctx, r.tableName(), t -> {
            ItemKey key = ItemKey.fromKey(t, r.key());
            if (update != null) {
                ItemWriter.Update.checkKeyUpdates(t, update);
            }
            ItemWriter.Update u = new ItemWriter.Update(t, key, update, condition);
            return new Written(u, write(u, true, r.returnValuesOnConditionCheckFailure()));
        });
        TableDef t = w.write().table();
        ItemKey key = w.write().key();
        ItemWriter.Result result = w.result();
        UpdateItemResponse.Builder b = UpdateItemResponse.builder()
                .consumedCapacity(report(consumed(t, r.returnConsumedCapacity(), result), r.returnConsumedCapacity()))
                .itemCollectionMetrics(indexes.collectionMetrics(t, key, r.returnItemCollectionMetrics()));
        Map<String, AttributeValue> attrs = switch (r.returnValues() == null ? ReturnValue.NONE : r.returnValues()) {
            case ALL_OLD -> result.before();
            case ALL_NEW -> result.after();
            case UPDATED_OLD -> updated(update, result.before());
            case UPDATED_NEW -> updated(update, result.after());
            default -> null;
        };
        if (attrs != null && !attrs.isEmpty()) {
            b.attributes(attrs);
        }
        return b.build();
    }

    /** The attributes an update touched, as they are in the given item. */
    private static Map<String, AttributeValue> updated(Expr.Update update, Map<String, AttributeValue> item) {
        if (item == null || update == null) {
            return null;
        }
        List<Path> paths = new ArrayList<>();
        update.actions().forEach(a -> paths.add(a.path()));
        return Evaluator.project(item, new Expr.Projection(paths));
    }

    public DeleteItemResponse deleteItem(RequestContext ctx, DeleteItemRequest r) {
        ReturnValue rv = r.returnValues();
        Expr condition = writeCondition(r.conditionExpression(), r.hasExpected() ? r.expected() : null,
                r.conditionalOperatorAsString(), r.expressionAttributeNames(), r.expressionAttributeValues(),
                r.hasExpressionAttributeNames(), r.hasExpressionAttributeValues(), rv);
        // the table after the condition, as DynamoDB validates it first
        Written w = tables.withTable(ctx, r.tableName(), t -> {
            ItemWriter.Delete d = new ItemWriter.Delete(t, ItemKey.fromKey(t, r.key()), condition);
            return new Written(d, write(d, true, r.returnValuesOnConditionCheckFailure()));
        });
        TableDef t = w.write().table();
        ItemKey key = w.write().key();
        ItemWriter.Result result = w.result();
        DeleteItemResponse.Builder b = DeleteItemResponse.builder()
                .consumedCapacity(report(consumed(t, r.returnConsumedCapacity(), result), r.returnConsumedCapacity()))
                .itemCollectionMetrics(indexes.collectionMetrics(t, key, r.returnItemCollectionMetrics()));
        if (rv == ReturnValue.ALL_OLD && result.before() != null) {
            b.attributes(result.before());
        }
        return b.build();
    }

    /**
     * The condition of a PutItem or DeleteItem (ConditionExpression or the legacy Expected) with its placeholders
     * checked, once ReturnValues is known to be ALL_OLD or NONE: what both actions validate alike.
     */
    private Expr writeCondition(String conditionExpression, Map<String, ExpectedAttributeValue> expected,
                                String conditionalOperator, Map<String, String> names,
                                Map<String, AttributeValue> values, boolean hasNames, boolean hasValues,
                                ReturnValue returnValues) {
        Placeholders ph = Placeholders.of(names, values, hasNames, hasValues);
        Expr condition = LegacyConditions.condition(conditionExpression, expected, conditionalOperator, ph);
        ph.requireAllUsed(conditionExpression != null);
        if (returnValues != null && returnValues != ReturnValue.NONE && returnValues != ReturnValue.ALL_OLD) {
            throw DynamoDbErrors.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        return condition;
    }

    /**
     * Writes one item (throttled first) in the next commit group, answering once it is committed; a failed condition
     * becomes ConditionalCheckFailedException.
     */
    private ItemWriter.Result write(ItemWriter.Write w, boolean needBefore, ReturnValuesOnConditionCheckFailure onFailure) {
        throttling.admit(w.table(), null, false);
        try {
            return writes.write(List.of(w), needBefore).get(0);
        } catch (ItemWriter.ConditionFailed e) {
            AwsException error = DynamoDbErrors.conditionalCheckFailed();
            if (onFailure == ReturnValuesOnConditionCheckFailure.ALL_OLD && e.item() != null) {
                error.withDetails(ConditionalCheckFailedException.builder().item(e.item()).build());
            }
            throw error;
        }
    }
}
