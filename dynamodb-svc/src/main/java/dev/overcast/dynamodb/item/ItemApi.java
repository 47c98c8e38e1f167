package dev.overcast.dynamodb.item;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RawJsonResponse;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.expression.Evaluator;
import dev.overcast.dynamodb.expression.LegacyConditions;
import dev.overcast.dynamodb.expression.Expr;
import dev.overcast.dynamodb.expression.ExpressionParser;
import dev.overcast.dynamodb.expression.ExpressionParser.Kind;
import dev.overcast.dynamodb.expression.Path;
import dev.overcast.dynamodb.expression.Placeholders;
import dev.overcast.dynamodb.table.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.table.Throttling;
import dev.overcast.dynamodb.index.IndexStore;
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

    public PutItemResponse putItem(RequestContext ctx, PutItemRequest r) {
        // the expressions are read before the table is looked up, as DynamoDB validates them first
        Expr condition = writeCondition(r.conditionExpression(), r.hasExpected() ? r.expected() : null,
                r.conditionalOperatorAsString(), r.expressionAttributeNames(), r.expressionAttributeValues(),
                r.hasExpressionAttributeNames(), r.hasExpressionAttributeValues(), r.returnValues());
        PutItemResponse plain = tables.withTable(ctx, r.tableName(), t -> putItem(t, r, condition, true));
        return plain != null ? plain : putItem(tables.require(ctx, r.tableName()), r, condition, false);
    }

    /**
     * A put: an unconditional one on a table without indexes or stream whose caller wants no old item is one
     * statement, committed on its own, that checks the (cached) table is current; with {@code plainOnly} any other put
     * answers null, for the caller to run it in a transaction on the table as read now.
     */
    private PutItemResponse putItem(TableDef t, PutItemRequest r, Expr condition, boolean plainOnly) {
        ReturnValue rv = r.returnValues();
        Map<String, AttributeValue> item = normaliseItem(r.item());
        ItemKey key = ItemKey.fromItem(t, item);
        int size = ItemWriter.checkSize(item);
        boolean needBefore = rv == ReturnValue.ALL_OLD || Capacity.wanted(r.returnConsumedCapacity()) || throttling.active(t);
        ItemWriter.Result result;
        if (plainOnly && !needBefore && condition == null && ItemWriter.plain(t)) {
            items.putCurrent(t, key, item, size);
            result = new ItemWriter.Result(null, item);
        } else if (plainOnly) {
            return null;
        } else {
            throttling.admit(t, null, false);
            result = run(() -> writer.write(new ItemWriter.Put(t, key, item, condition), needBefore),
                    r.returnValuesOnConditionCheckFailure());
        }
        PutItemResponse.Builder b = PutItemResponse.builder()
                .consumedCapacity(report(consumed(t, r.returnConsumedCapacity(), result), r.returnConsumedCapacity()))
                .itemCollectionMetrics(indexes.collectionMetrics(t, key, r.returnItemCollectionMetrics()));
        if (rv == ReturnValue.ALL_OLD && result.before() != null) {
            b.attributes(result.before());
        }
        return b.build();
    }

    public RawJsonResponse<GetItemResponse> getItem(RequestContext ctx, GetItemRequest r) {
        boolean raw = RawJsonResponse.accepted(ctx);
        // the projection is read before the table is looked up, as DynamoDB validates it first
        Placeholders ph = placeholders(r.expressionAttributeNames(), null, r.hasExpressionAttributeNames(), false);
        Expr.Projection projection = projection(r.projectionExpression(), r.hasAttributesToGet() ? r.attributesToGet() : null, ph);
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
        Placeholders ph = placeholders(r.expressionAttributeNames(), r.expressionAttributeValues(),
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
            checkKeyUpdates(t, update);
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

    static void checkKeyUpdates(TableDef t, Expr.Update update) {
        for (Expr.UpdateAction a : update.actions()) {
            if (t.isKey(a.path().head())) {
                throw DynamoDbErrors.invalidParameter("Cannot update attribute " + a.path().head()
                        + ". This attribute is part of the key");
            }
        }
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
        Placeholders ph = placeholders(names, values, hasNames, hasValues);
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

    public static Map<String, AttributeValue> normaliseItem(Map<String, AttributeValue> item) {
        if (item == null) {
            throw DynamoDbErrors.constraint(null, "item", "Member must not be null");
        }
        return Values.normaliseItem(item);
    }

    public static Placeholders placeholders(Map<String, String> names, Map<String, AttributeValue> values,
                                            boolean namesGiven, boolean valuesGiven) {
        return Placeholders.of(names, values, namesGiven, valuesGiven);
    }

    /** ProjectionExpression, or the legacy AttributesToGet, or null for the whole item. */
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
}
