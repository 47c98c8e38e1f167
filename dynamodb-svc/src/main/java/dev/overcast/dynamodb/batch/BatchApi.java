package dev.overcast.dynamodb.batch;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RawJsonResponse;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.expression.Evaluator;
import dev.overcast.dynamodb.expression.Expr;
import dev.overcast.dynamodb.expression.LegacyConditions;
import dev.overcast.dynamodb.expression.Placeholders;
import dev.overcast.dynamodb.index.IndexStore;
import dev.overcast.dynamodb.item.GroupedWrites;
import dev.overcast.dynamodb.item.ItemStore;
import dev.overcast.dynamodb.item.ItemWriter;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.table.Throttling;
import dev.overcast.dynamodb.value.Capacity;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.ItemKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.*;

/** BatchGetItem (≤ 100 keys, 16 MB) and BatchWriteItem (≤ 25 puts and deletes, each applied on its own). */
@AwsApi(api = "dynamodb")
public class BatchApi {

    private static final long MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

    private final TableStore tables;
    private final ItemStore items;
    private final GroupedWrites grouped;
    private final Throttling throttling;
    private final IndexStore indexes;

    public BatchApi(TableStore tables, ItemStore items, GroupedWrites grouped, Throttling throttling, IndexStore indexes) {
        this.tables = tables;
        this.items = items;
        this.grouped = grouped;
        this.throttling = throttling;
        this.indexes = indexes;
    }

    /**
     * Each table's keys are read in one statement. Items go into the answer as stored (or, projected, written as JSON)
     * when it is JSON text ({@link RawJsonResponse}), else as model objects.
     */
    public RawJsonResponse<BatchGetItemResponse> batchGetItem(RequestContext ctx, BatchGetItemRequest r) {
        // 1 to 100 tables, 1 to 100 keys each: the model's constraints, checked before the handler
        int total = r.requestItems().values().stream().mapToInt(k -> k.hasKeys() ? k.keys().size() : 0).sum();
        if (total > 100) {
            throw DynamoDbErrors.validation("Too many items requested for the BatchGetItem call");
        }
        // every table's projection is read before any table is looked up, as DynamoDB validates them first
        Map<String, Expr.Projection> projections = new HashMap<>();
        for (Map.Entry<String, KeysAndAttributes> e : r.requestItems().entrySet()) {
            KeysAndAttributes ka = e.getValue();
            Placeholders ph = Placeholders.of(ka.expressionAttributeNames(), null, ka.hasExpressionAttributeNames(), false);
            projections.put(e.getKey(), LegacyConditions.projection(ka.projectionExpression(),
                    ka.hasAttributesToGet() ? ka.attributesToGet() : null, ph));
            ph.requireAllUsed(ka.projectionExpression() != null);
        }
        boolean raw = RawJsonResponse.accepted(ctx);
        Map<String, List<Map<String, AttributeValue>>> responses = new LinkedHashMap<>();
        Map<String, List<String>> stored = new LinkedHashMap<>();
        boolean anyFound = false;
        Map<String, KeysAndAttributes> unprocessed = new LinkedHashMap<>();
        List<ConsumedCapacity> consumed = new ArrayList<>();
        AwsException throttled = null;
        long bytes = 0;
        for (Map.Entry<String, KeysAndAttributes> e : r.requestItems().entrySet()) {
            TableDef t = tables.require(ctx, e.getKey());
            KeysAndAttributes ka = e.getValue();
            Expr.Projection projection = projections.get(e.getKey());
            List<ItemKey> keys = new ArrayList<>();
            Set<ByteBuffer> seen = new HashSet<>();
            for (Map<String, AttributeValue> k : ka.keys()) {
                ItemKey key = ItemKey.fromKey(t, k);
                if (!seen.add(identity(key))) {
                    throw DynamoDbErrors.validation("Provided list of item keys contains duplicates");
                }
                keys.add(key);
            }
            List<Map<String, AttributeValue>> found = new ArrayList<>();
            List<String> foundStored = new ArrayList<>();
            List<Map<String, AttributeValue>> left = new ArrayList<>();
            Capacity.Tally used = new Capacity.Tally(t, true);
            AwsException refused = throttling.check(t, null, true);
            throttled = refused != null ? refused : throttled;
            int answered = 0; // keys before this one were read (found or not)
            if (refused == null && bytes < MAX_RESPONSE_BYTES) {
                for (ItemStore.Found f : items.getMany(t, keys, MAX_RESPONSE_BYTES - bytes)) {
                    anyFound = true;
                    bytes += f.item().size();
                    used.add(Capacity.read(t, null, f.item().size(), Boolean.TRUE.equals(ka.consistentRead())));
                    if (raw && projection == null) {
                        foundStored.add(f.item().data());
                    } else {
                        Map<String, AttributeValue> item = ItemJson.read(f.item().data());
                        Map<String, AttributeValue> shown = projection == null ? item : Evaluator.project(item, projection);
                        if (raw) {
                            foundStored.add(ItemJson.write(shown));
                        } else {
                            found.add(shown);
                        }
                    }
                    answered = f.key() + 1;
                }
                if (bytes < MAX_RESPONSE_BYTES) {
                    answered = keys.size();
                }
            }
            for (ItemKey key : keys.subList(answered, keys.size())) {
                left.add(key.attributes());
            }
            responses.put(t.name(), found);
            stored.put(t.name(), foundStored);
            if (!left.isEmpty()) {
                unprocessed.put(t.name(), ka.toBuilder().keys(left).build());
            }
            throttling.charge(used);
            ConsumedCapacity c = used.build(r.returnConsumedCapacity());
            if (c != null) {
                consumed.add(c);
            }
        }
        if (throttled != null && !anyFound && unprocessed.size() == responses.size()) {
            throw throttled; // every table refused: DynamoDB answers the whole call with the throttling error
        }
        BatchGetItemResponse.Builder b = BatchGetItemResponse.builder().unprocessedKeys(unprocessed);
        if (r.returnConsumedCapacity() != null && r.returnConsumedCapacity() != ReturnConsumedCapacity.NONE) {
            b.consumedCapacity(consumed);
        }
        if (!raw) {
            return RawJsonResponse.of(b.responses(responses).build());
        }
        StringBuilder json = new StringBuilder("{");
        stored.forEach((table, list) -> json.append(json.length() > 1 ? "," : "")
                .append('"').append(JsonStringEncoder.getInstance().quoteAsString(table)).append("\":")
                .append(ItemJson.array(list)));
        return new RawJsonResponse<>(b.build(), Map.of("Responses", json.append('}').toString()));
    }

    public BatchWriteItemResponse batchWriteItem(RequestContext ctx, BatchWriteItemRequest r) {
        // 1 to 25 tables, 1 to 25 writes each: the model's constraints, checked before the handler
        int total = r.requestItems().values().stream().mapToInt(List::size).sum();
        if (total > 25) {
            throw DynamoDbErrors.validation("Too many items requested for the BatchWriteItem call");
        }
        // the requests' shape before any table is looked up, as DynamoDB validates it first
        for (List<WriteRequest> requests : r.requestItems().values()) {
            for (WriteRequest w : requests) {
                if ((w.putRequest() == null) == (w.deleteRequest() == null)) {
                    throw DynamoDbErrors.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
                }
            }
        }
        List<ItemWriter.Write> writes = new ArrayList<>();
        Map<String, List<WriteRequest>> unprocessed = new LinkedHashMap<>();
        AwsException throttled = null;
        for (Map.Entry<String, List<WriteRequest>> e : r.requestItems().entrySet()) {
            TableDef t = tables.require(ctx, e.getKey());
            AwsException refused = throttling.check(t, null, false);
            if (refused != null) {
                throttled = refused;
                unprocessed.put(t.name(), e.getValue());
            }
            Set<ByteBuffer> seen = new HashSet<>();
            for (WriteRequest w : e.getValue()) {
                ItemWriter.Write write;
                if (w.putRequest() != null) {
                    write = ItemWriter.Put.of(t, w.putRequest().item(), null);
                } else {
                    write = new ItemWriter.Delete(t, ItemKey.fromKey(t, w.deleteRequest().key()), null);
                }
                if (!seen.add(identity(write.key()))) {
                    throw DynamoDbErrors.validation("Provided list of item keys contains duplicates");
                }
                if (refused == null) {
                    writes.add(write);
                }
            }
        }
        if (writes.isEmpty()) {
            throw throttled; // every table refused: DynamoDB answers the whole call with the throttling error
        }
        boolean metered = Capacity.wanted(r.returnConsumedCapacity()) || writes.stream().anyMatch(w -> throttling.active(w.table()));
        // the batch's writes are applied all together, in the next commit group
        List<ItemWriter.Result> results = grouped.write(writes, metered);
        Map<Long, Capacity.Tally> used = new LinkedHashMap<>();
        Map<String, List<ItemCollectionMetrics>> metrics = new LinkedHashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            ItemWriter.Write w = writes.get(i);
            used.computeIfAbsent(w.table().id(), id -> new Capacity.Tally(w.table(), false))
                    .add(Capacity.write(w.table(), results.get(i).before(), results.get(i).after()));
            ItemCollectionMetrics m = indexes.collectionMetrics(w.table(), w.key(), r.returnItemCollectionMetrics());
            if (m != null) {
                metrics.computeIfAbsent(w.table().name(), n -> new ArrayList<>()).add(m);
            }
        }
        used.values().forEach(throttling::charge);
        BatchWriteItemResponse.Builder b = BatchWriteItemResponse.builder().unprocessedItems(unprocessed);
        if (Capacity.wanted(r.returnConsumedCapacity())) {
            b.consumedCapacity(used.values().stream().map(t -> t.build(r.returnConsumedCapacity())).toList());
        }
        if (r.returnItemCollectionMetrics() == ReturnItemCollectionMetrics.SIZE) {
            b.itemCollectionMetrics(metrics);
        }
        return b.build();
    }

    private static ByteBuffer identity(ItemKey key) {
        return key.identity();
    }
}
