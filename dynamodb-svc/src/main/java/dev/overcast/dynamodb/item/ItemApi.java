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
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/** Single-item operations: PutItem, GetItem, UpdateItem, DeleteItem. */
@AwsApi(api = "dynamodb")
public class ItemApi {

    private final TableStore tables;
    private final ItemStore items;
    private final ItemWriter writer;
    private final TransactionTemplate tx;
    private final Throttling throttling;
    private final IndexStore indexes;

    public ItemApi(TableStore tables, ItemStore items, ItemWriter writer, TransactionTemplate tx, Throttling throttling,
                   IndexStore indexes) {
        this.tables = tables;
        this.items = items;
        this.writer = writer;
        this.tx = tx;
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
     * A PutItem, prepared once: its condition before the table is looked up, its item on the table as cached. An
     * unconditional put on a table without indexes, stream or point-in-time recovery whose caller wants no old item is
     * one statement, committed on its own, that checks the table is current; any other put runs in a transaction on
     * the table as read now.
     */
    public PutItemResponse putItem(RequestContext ctx, PutItemRequest r) {
        // the expressions are read before the table is looked up, as DynamoDB validates them first
        Expr condition = writeCondition(r.conditionExpression(), r.hasExpected() ? r.expected() : null,
                r.conditionalOperatorAsString(), r.expressionAttributeNames(), r.expressionAttributeValues(),
                r.hasExpressionAttributeNames(), r.hasExpressionAttributeValues(), r.returnValues());
        PreparedPut p = tables.withTable(ctx, r.tableName(), t -> putIfPlain(ItemWriter.Put.of(t, r.item(), condition), r));
        if (p.result() == null) {
            p = putInTransaction(p.put().on(tables.require(ctx, r.tableName())), r);
        }
        TableDef t = p.put().table();
        PutItemResponse.Builder b = PutItemResponse.builder()
                .consumedCapacity(report(consumed(t, r.returnConsumedCapacity(), p.result()), r.returnConsumedCapacity()))
                .itemCollectionMetrics(indexes.collectionMetrics(t, p.put().key(), r.returnItemCollectionMetrics()));
        if (r.returnValues() == ReturnValue.ALL_OLD && p.result().before() != null) {
            b.attributes(p.result().before());
        }
        return b.build();
    }

    /** A PutItem's write, and its result once written (null until then). */
    private record PreparedPut(ItemWriter.Put put, ItemWriter.Result result) {
    }

    /** Writes the put as one statement when it is plain (see {@link #putItem}); else leaves it for a transaction. */
    private PreparedPut putIfPlain(ItemWriter.Put put, PutItemRequest r) {
        if (put.condition() != null || needBefore(put.table(), r) || !ItemWriter.plain(put.table())) {
            return new PreparedPut(put, null);
        }
        items.putCurrent(put.table(), put.key(), put.item(), put.size());
        return new PreparedPut(put, new ItemWriter.Result(null, put.item()));
    }

    private PreparedPut putInTransaction(ItemWriter.Put put, PutItemRequest r) {
        boolean needBefore = needBefore(put.table(), r);
        throttling.admit(put.table(), null, false);
        return new PreparedPut(put, run(() -> writer.write(put, needBefore), r.returnValuesOnConditionCheckFailure()));
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
        TableDef t = tables.require(ctx, r.tableName()); // after the expressions, as DynamoDB validates them first
        ItemKey key = ItemKey.fromKey(t, r.key());
        if (update != null) {
            ItemWriter.Update.checkKeyUpdates(t, update);
        }
        throttling.admit(t, null, false);
        ItemWriter.Result result = run(() -> writer.write(new ItemWriter.Update(t, key, update, condition)),
                r.returnValuesOnConditionCheckFailure());
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
        TableDef t = tables.require(ctx, r.tableName()); // after the condition, as DynamoDB validates it first
        ItemKey key = ItemKey.fromKey(t, r.key());
        throttling.admit(t, null, false);
        ItemWriter.Result result = run(() -> writer.write(new ItemWriter.Delete(t, key, condition)),
                r.returnValuesOnConditionCheckFailure());
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

    /** Runs a write in its own transaction; a failed condition becomes ConditionalCheckFailedException. */
    private ItemWriter.Result run(java.util.function.Supplier<ItemWriter.Result> write,
                                  ReturnValuesOnConditionCheckFailure onFailure) {
        try {
            return tx.execute(s -> write.get());
        } catch (ItemWriter.ConditionFailed e) {
            AwsException error = DynamoDbErrors.conditionalCheckFailed();
            if (onFailure == ReturnValuesOnConditionCheckFailure.ALL_OLD && e.item() != null) {
                error.withDetails(ConditionalCheckFailedException.builder().item(e.item()).build());
            }
            throw error;
        }
    }
}
