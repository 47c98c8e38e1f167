package dev.overcast.dynamodb.transaction;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.expression.Evaluator;
import dev.overcast.dynamodb.expression.Expr;
import dev.overcast.dynamodb.expression.ExpressionParser.Kind;
import dev.overcast.dynamodb.expression.ExpressionParser;
import dev.overcast.dynamodb.expression.LegacyConditions;
import dev.overcast.dynamodb.expression.Placeholders;
import dev.overcast.dynamodb.index.IndexStore;
import dev.overcast.common.db.VersionedRowCache;
import dev.overcast.dynamodb.item.GroupedWrites;
import dev.overcast.dynamodb.item.ItemStore;
import dev.overcast.dynamodb.item.ItemWriter;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.table.Throttling;
import dev.overcast.dynamodb.value.Capacity;
import dev.overcast.dynamodb.value.ItemKey;
import dev.overcast.dynamodb.value.Values;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * TransactWriteItems and TransactGetItems: all actions in one database transaction; any failed condition cancels
 * the whole transaction with the reasons in request order. A TransactWriteItems shares its database transaction and
 * commit with the concurrent writes of a group ({@link GroupedWrites#transact}) whenever its tables are grouped, still
 * all or none and answered after that commit.
 */
@AwsApi(api = "dynamodb")
public class TransactionApi {

    private final TableStore tables;
    private final ItemStore items;
    private final ItemWriter writer;
    private final TokenStore tokens;
    private final TransactionTemplate tx;
    private final TransactionTemplate snapshot;
    private final Throttling throttling;
    private final IndexStore indexes;
    private final GroupedWrites groups;

    public TransactionApi(TableStore tables, ItemStore items, ItemWriter writer, TokenStore tokens, TransactionTemplate tx,
                          Throttling throttling, IndexStore indexes, GroupedWrites groups) {
        this.groups = groups;
        this.throttling = throttling;
        this.indexes = indexes;
        this.tables = tables;
        this.items = items;
        this.writer = writer;
        this.tokens = tokens;
        this.tx = tx;
        this.snapshot = new TransactionTemplate(tx.getTransactionManager());
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
    }

    private record Action(ItemWriter.Write write, boolean returnOld) {
    }

    public TransactWriteItemsResponse transactWriteItems(RequestContext ctx, TransactWriteItemsRequest r) {
        // 1 to 100 items, each action with its required members: the model's constraints, checked before the handler
        List<Prepared> prepared = r.transactItems().stream().map(TransactionApi::prepare).toList();
        List<Action> actions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Prepared p : prepared) {
            Action a = p.bind().apply(tables.require(ctx, p.tableName()));
            ItemWriter.Write w = a.write();
            ByteBuffer id = w.key().identity();
            if (!seen.add(w.table().id() + ":" + java.util.HexFormat.of().formatHex(id.array()))) {
                throw DynamoDbErrors.validation("Transaction request cannot include multiple operations on one item");
            }
            actions.add(a);
        }
        Map<Integer, CancellationReason> throttled = new java.util.TreeMap<>();
        for (int i = 0; i < actions.size(); i++) {
            AwsException e = throttling.check(actions.get(i).write().table(), null, false);
            if (e != null) {
                throttled.put(i, CancellationReason.builder().code("ThrottlingError").message(e.getMessage()).build());
            }
        }
        if (!throttled.isEmpty()) {
            throw cancelledAt(actions.size(), throttled);
        }
        Map<String, List<ItemCollectionMetrics>> metrics = new LinkedHashMap<>();
        String token = r.clientRequestToken();
        String fingerprint = token == null ? null : Integer.toHexString(r.transactItems().hashCode());
        List<ItemWriter.Write> writes = actions.stream().map(Action::write).toList();
        GroupedWrites.Transact transact = new GroupedWrites.Transact() {
            @Override
            public boolean claim() {
                return token == null || tokens.claim(ctx.account(), ctx.region(), token, fingerprint);
            }

            @Override
            public RuntimeException cancelled(List<RuntimeException> outcomes) {
                return TransactionApi.cancelled(actions, outcomes);
            }

            @Override
            public List<ItemWriter.Result> alone() {
                return TransactionApi.this.alone(actions, this, r.returnItemCollectionMetrics(), metrics);
            }
        };
        List<ItemWriter.Result> results;
        try {
            // with item collection metrics wanted, the sizes are read in the transaction, after its writes: alone
            boolean grouped = r.returnItemCollectionMetrics() != ReturnItemCollectionMetrics.SIZE && groups.groups(writes);
            try {
                results = grouped ? groups.transact(writes, transact) : transact.alone();
            } catch (VersionedRowCache.Stale e) {
                results = transact.alone(); // a table changed since it was read: as a transaction alone, on it as it is
            }
        } catch (TokenStore.Mismatch e) {
            throw DynamoDbErrors.idempotentParameterMismatch();
        }
        Map<Long, Capacity.Tally> used = new LinkedHashMap<>();
        for (int i = 0; results != null && i < actions.size(); i++) {
            ItemWriter.Write w = actions.get(i).write();
            Map<String, AttributeValue> before = results.get(i).before();
            Capacity.Tally one = w instanceof ItemWriter.Check
                    ? new Capacity.Tally(w.table(), false).addTable(Capacity.writeUnits(before == null ? 0 : Values.itemSize(before)))
                    : Capacity.write(w.table(), before, results.get(i).after());
            used.computeIfAbsent(w.table().id(), id -> new Capacity.Tally(w.table(), false)).add(one);
        }
        TransactWriteItemsResponse.Builder b = TransactWriteItemsResponse.builder();
        used.values().forEach(t -> throttling.charge(t.transactional()));
        if (Capacity.wanted(r.returnConsumedCapacity())) {
            b.consumedCapacity(used.values().stream().map(t -> t.build(r.returnConsumedCapacity())).toList());
        }
        if (r.returnItemCollectionMetrics() == ReturnItemCollectionMetrics.SIZE) {
            b.itemCollectionMetrics(metrics);
        }
        return b.build();
    }

    /**
     * TransactWriteItems in a database transaction of its own (STRONG global tables, item collection metrics wanted,
     * group commit off, or a group that failed as a whole): its token claimed, its items claimed and locked, every
     * action checked, then all written; its results, or null when the same request had committed.
     */
    private List<ItemWriter.Result> alone(List<Action> actions, GroupedWrites.Transact transact,
                                          ReturnItemCollectionMetrics wanted, Map<String, List<ItemCollectionMetrics>> metrics) {
        return tx.execute(s -> {
            if (!transact.claim()) {
                return null; // the same request already committed within the idempotency window
            }
            List<ItemWriter.Write> writes = actions.stream().map(Action::write).toList();
            Set<Integer> conflicts = writer.claimForTransaction(writes);
            if (!conflicts.isEmpty()) {
                throw cancelled(actions, GroupedWrites.conflicts(writes.size(), conflicts));
            }
            writer.lockAll(writes);
            List<ItemWriter.Result> results = new ArrayList<>();
            List<RuntimeException> outcomes = new ArrayList<>();
            for (ItemWriter.Write w : writes) {
                Map<String, AttributeValue> before;
                try {
                    before = writer.prepare(w); // another region's write in flight (STRONG) fails the request itself
                } catch (ItemWriter.ConditionFailed e) {
                    results.add(new ItemWriter.Result(null, null));
                    outcomes.add(e);
                    continue;
                }
                try {
                    results.add(new ItemWriter.Result(before, writer.compute(w, before)));
                    outcomes.add(null);
                } catch (AwsException e) {
                    results.add(new ItemWriter.Result(before, null));
                    outcomes.add(e);
                }
            }
            if (outcomes.stream().anyMatch(java.util.Objects::nonNull)) {
                throw cancelled(actions, outcomes);
            }
            for (int i = 0; i < writes.size(); i++) {
                ItemWriter.Write w = writes.get(i);
                writer.store(w, results.get(i).before(), results.get(i).after());
                ItemCollectionMetrics m = w instanceof ItemWriter.Check ? null
                        : indexes.collectionMetrics(w.table(), w.key(), wanted);
                if (m != null) {
                    metrics.computeIfAbsent(w.table().name(), n -> new ArrayList<>()).add(m);
                }
            }
            return results;
        });
    }

    /**
     * TransactionCanceledException from each action's outcome, in order: None when it passed, ConditionalCheckFailed
     * (with the item when the action asked for ALL_OLD), TransactionConflict when another request holds its item,
     * ValidationError for any other refusal.
     */
    private static AwsException cancelled(List<Action> actions, List<RuntimeException> outcomes) {
        List<CancellationReason> reasons = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            RuntimeException e = outcomes.get(i);
            if (e == null) {
                reasons.add(CancellationReason.builder().code("None").build());
            } else if (e instanceof ItemWriter.ConditionFailed failed) {
                CancellationReason.Builder reason = CancellationReason.builder().code("ConditionalCheckFailed")
                        .message("The conditional request failed");
                if (actions.get(i).returnOld() && failed.item() != null) {
                    reason.item(failed.item());
                }
                reasons.add(reason.build());
            } else if (e instanceof AwsException a && a.code().equals("TransactionConflictException")) {
                reasons.add(CancellationReason.builder().code("TransactionConflict").message(a.getMessage()).build());
            } else {
                reasons.add(CancellationReason.builder().code("ValidationError").message(e.getMessage()).build());
            }
        }
        return cancelled(reasons);
    }

    private static AwsException cancelled(List<CancellationReason> reasons) {
        String codes = String.join(", ", reasons.stream().map(CancellationReason::code).toList());
        return new AwsException("TransactionCanceledException", 400,
                "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]")
                .withDetails(TransactionCanceledException.builder().cancellationReasons(reasons).build());
    }

    /** TransactionCanceledException with a TransactionConflict reason for the items another request is working on. */
    private static AwsException conflicted(int size, Set<Integer> conflicts) {
        Map<Integer, CancellationReason> reasons = new java.util.TreeMap<>();
        conflicts.forEach(i -> reasons.put(i, CancellationReason.builder().code("TransactionConflict")
                .message("Transaction is ongoing for the item").build()));
        return cancelledAt(size, reasons);
    }

    /** TransactionCanceledException with the given reasons at their positions, None elsewhere. */
    private static AwsException cancelledAt(int size, Map<Integer, CancellationReason> reasons) {
        List<CancellationReason> all = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            all.add(reasons.getOrDefault(i, CancellationReason.builder().code("None").build()));
        }
        return cancelled(all);
    }

    /** An action with its expressions read, waiting for its table: every entry is read before any table is looked up. */
    private record Prepared(String tableName, java.util.function.Function<TableDef, Action> bind) {
    }

    private static Prepared prepare(TransactWriteItem item) {
        int set = (item.put() != null ? 1 : 0) + (item.update() != null ? 1 : 0) + (item.delete() != null ? 1 : 0)
                + (item.conditionCheck() != null ? 1 : 0);
        if (set != 1) {
            throw DynamoDbErrors.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        if (item.put() != null) {
            Put p = item.put();
            Placeholders ph = Placeholders.of(p.expressionAttributeNames(), p.expressionAttributeValues(),
                    p.hasExpressionAttributeNames(), p.hasExpressionAttributeValues());
            Expr condition = condition(p.conditionExpression(), ph);
            boolean returnOld = p.returnValuesOnConditionCheckFailure() == ReturnValuesOnConditionCheckFailure.ALL_OLD;
            return new Prepared(p.tableName(), t -> new Action(ItemWriter.Put.of(t, p.item(), condition), returnOld));
        }
        if (item.update() != null) {
            Update u = item.update();
            Placeholders ph = Placeholders.of(u.expressionAttributeNames(), u.expressionAttributeValues(),
                    u.hasExpressionAttributeNames(), u.hasExpressionAttributeValues());
            Expr.Update update = ExpressionParser.update(u.updateExpression(), ph);
            Expr condition = u.conditionExpression() == null ? null
                    : ExpressionParser.condition(Kind.CONDITION, u.conditionExpression(), ph);
            ph.requireAllUsed(true);
            boolean returnOld = u.returnValuesOnConditionCheckFailure() == ReturnValuesOnConditionCheckFailure.ALL_OLD;
            return new Prepared(u.tableName(), t -> {
                ItemWriter.Update.checkKeyUpdates(t, update);
                return new Action(new ItemWriter.Update(t, ItemKey.fromKey(t, u.key()), update, condition), returnOld);
            });
        }
        if (item.delete() != null) {
            Delete d = item.delete();
            Placeholders ph = Placeholders.of(d.expressionAttributeNames(), d.expressionAttributeValues(),
                    d.hasExpressionAttributeNames(), d.hasExpressionAttributeValues());
            Expr condition = condition(d.conditionExpression(), ph);
            boolean returnOld = d.returnValuesOnConditionCheckFailure() == ReturnValuesOnConditionCheckFailure.ALL_OLD;
            return new Prepared(d.tableName(), t -> new Action(new ItemWriter.Delete(t, ItemKey.fromKey(t, d.key()), condition), returnOld));
        }
        ConditionCheck c = item.conditionCheck();
        Placeholders ph = Placeholders.of(c.expressionAttributeNames(), c.expressionAttributeValues(),
                c.hasExpressionAttributeNames(), c.hasExpressionAttributeValues());
        Expr condition = condition(c.conditionExpression(), ph);
        boolean returnOld = c.returnValuesOnConditionCheckFailure() == ReturnValuesOnConditionCheckFailure.ALL_OLD;
        return new Prepared(c.tableName(), t -> new Action(new ItemWriter.Check(t, ItemKey.fromKey(t, c.key()), condition), returnOld));
    }

    private static Expr condition(String expression, Placeholders ph) {
        Expr e = expression == null ? null : ExpressionParser.condition(Kind.CONDITION, expression, ph);
        ph.requireAllUsed(expression != null);
        return e;
    }

    public TransactGetItemsResponse transactGetItems(RequestContext ctx, TransactGetItemsRequest r) {
        record Read(TableDef table, ItemKey key, Expr.Projection projection) {
        }
        List<Read> reads = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TransactGetItem item : r.transactItems()) {
            Get g = item.get();
            TableDef t = tables.require(ctx, g.tableName());
            Placeholders ph = Placeholders.of(g.expressionAttributeNames(), null, g.hasExpressionAttributeNames(), false);
            Expr.Projection projection = LegacyConditions.projection(g.projectionExpression(), null, ph);
            ph.requireAllUsed(g.projectionExpression() != null);
            ItemKey key = ItemKey.fromKey(t, g.key());
            if (!seen.add(t.id() + ":" + java.util.HexFormat.of().formatHex(key.identity().array()))) {
                throw DynamoDbErrors.validation("Transaction request cannot include multiple operations on one item");
            }
            reads.add(new Read(t, key, projection));
        }
        Map<Integer, CancellationReason> throttled = new java.util.TreeMap<>();
        for (int i = 0; i < reads.size(); i++) {
            AwsException e = throttling.check(reads.get(i).table(), null, true);
            if (e != null) {
                throttled.put(i, CancellationReason.builder().code("ThrottlingError").message(e.getMessage()).build());
            }
        }
        if (!throttled.isEmpty()) {
            throw cancelledAt(reads.size(), throttled);
        }
        Map<Long, Capacity.Tally> used = new LinkedHashMap<>();
        List<ItemResponse> responses = snapshot.execute(s -> {
            Set<Integer> conflicts = new java.util.TreeSet<>();
            for (int i = 0; i < reads.size(); i++) {
                if (!items.claimForRead(reads.get(i).table(), reads.get(i).key())) {
                    conflicts.add(i);
                }
            }
            if (!conflicts.isEmpty()) {
                throw conflicted(reads.size(), conflicts);
            }
            List<ItemResponse> out = new ArrayList<>();
            for (Read read : reads) {
                Map<String, AttributeValue> item = items.get(read.table(), read.key());
                used.computeIfAbsent(read.table().id(), id -> new Capacity.Tally(read.table(), true))
                        .add(Capacity.read(read.table(), null, item == null ? 0 : Values.itemSize(item), true));
                out.add(item == null ? ItemResponse.builder().build() : ItemResponse.builder()
                        .item(read.projection() == null ? item : Evaluator.project(item, read.projection())).build());
            }
            return out;
        });
        used.values().forEach(t -> throttling.charge(t.transactional()));
        TransactGetItemsResponse.Builder b = TransactGetItemsResponse.builder().responses(responses);
        if (Capacity.wanted(r.returnConsumedCapacity())) {
            b.consumedCapacity(used.values().stream().map(t -> t.build(r.returnConsumedCapacity())).toList());
        }
        return b.build();
    }
}
