package dev.overcast.dynamodb.query;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RawJsonResponse;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.Shapes;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.expression.Evaluator;
import dev.overcast.dynamodb.expression.Expr;
import dev.overcast.dynamodb.expression.ExpressionParser.Kind;
import dev.overcast.dynamodb.expression.ExpressionParser;
import dev.overcast.dynamodb.expression.LegacyConditions;
import dev.overcast.dynamodb.expression.Placeholders;
import dev.overcast.dynamodb.schema.IndexDef;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.table.Throttling;
import dev.overcast.dynamodb.value.Capacity;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.KeyCodec;
import dev.overcast.dynamodb.value.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.*;

/** Query and Scan, on a table or one of its secondary indexes, in pages of at most Limit items and 1 MB read. */
@AwsApi(api = "dynamodb")
public class QueryApi {

    static final int MAX_PAGE_BYTES = 1024 * 1024;
    private static final int BATCH = 200;

    private final TableStore tables;
    private final QueryStore store;
    private final Throttling throttling;

    public QueryApi(TableStore tables, QueryStore store, Throttling throttling) {
        this.tables = tables;
        this.store = store;
        this.throttling = throttling;
    }

    private interface Fetch {
        List<QueryStore.Row> next(QueryStore.Cursor after, int n);
    }

    /**
     * The items of a page: as model objects, or (stored non-null) as they are stored, each the JSON text of an item in
     * its wire form, when nothing had to look into them and the answer is in JSON text.
     */
    private record Page(List<Map<String, AttributeValue>> items, List<String> stored, int count, int scanned,
                        Map<String, AttributeValue> lastKey, long bytes, double fetchedUnits) {
    }

    /** A read's expressions, read from the request once and before its table is looked up (as DynamoDB orders it). */
    private record Expressions(Expr key, Expr filter, Expr.Projection projection) {
    }

    public RawJsonResponse<QueryResponse> query(RequestContext ctx, QueryRequest r) {
        boolean raw = RawJsonResponse.accepted(ctx);
        Expressions e = expressions(r);
        return tables.withTable(ctx, r.tableName(), t -> query(t, r, e, raw));
    }

    private static Expressions expressions(QueryRequest r) {
        Placeholders ph = Placeholders.of(r.expressionAttributeNames(), r.expressionAttributeValues(),
                r.hasExpressionAttributeNames(), r.hasExpressionAttributeValues());
        if (r.keyConditionExpression() != null && r.hasKeyConditions()) {
            throw DynamoDbErrors.validation("Can not use both expression and non-expression parameters in the same request: "
                    + "Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}");
        }
        Expr keyExpr = r.keyConditionExpression() != null
                ? ExpressionParser.condition(Kind.KEY_CONDITION, r.keyConditionExpression(), ph)
                : LegacyConditions.conditions(r.hasKeyConditions() ? r.keyConditions() : null, null);
        if (keyExpr == null) {
            throw DynamoDbErrors.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        Expr filter = filter(r.filterExpression(), r.hasQueryFilter() ? r.queryFilter() : null, r.conditionalOperatorAsString(), ph, "QueryFilter");
        Expr.Projection projection = LegacyConditions.projection(r.projectionExpression(), r.hasAttributesToGet() ? r.attributesToGet() : null, ph);
        ph.requireAllUsed(r.keyConditionExpression() != null || r.filterExpression() != null || r.projectionExpression() != null);
        return new Expressions(keyExpr, filter, projection);
    }

    private RawJsonResponse<QueryResponse> query(TableDef t, QueryRequest r, Expressions e, boolean raw) {
        IndexDef index = index(t, r.indexName(), r.consistentRead());
        Expr keyExpr = e.key();
        Expr filter = e.filter();
        Expr.Projection projection = e.projection();
        List<String> hashKeys = hashKeys(t, index);
        List<String> rangeKeys = rangeKeys(t, index);
        Map<String, String> types = keyTypes(t, hashKeys, rangeKeys);
        KeyCondition key = KeyCondition.of(keyExpr, hashKeys, rangeKeys, types);
        if (filter != null) {
            for (String a : attributes(filter, new ArrayList<>())) {
                if (types.containsKey(a)) {
                    throw DynamoDbErrors.validation("Filter Expression can only contain non-primary key attributes: Primary key attribute: " + a);
                }
            }
        }
        return readPartition(t, index, key, !Boolean.FALSE.equals(r.scanIndexForward()),
                r.hasExclusiveStartKey() ? r.exclusiveStartKey() : null, r.limit(), filter, projection, r.select(),
                r.returnConsumedCapacity(), r.consistentRead(), raw);
    }

    /** A page of one partition, in key order: the end both Query and PartiQL's planned SELECT share. */
    private RawJsonResponse<QueryResponse> readPartition(TableDef t, IndexDef index, KeyCondition key, boolean forward,
                                                         Map<String, AttributeValue> exclusiveStart, Integer limit, Expr filter,
                                                         Expr.Projection projection, Select requested,
                                                         ReturnConsumedCapacity returnCapacity, Boolean consistentRead,
                                                         boolean raw) {
        QueryStore.Cursor start = cursor(t, index, exclusiveStart);
        if (start != null && !java.util.Arrays.equals(index == null ? start.pk() : start.ipk(), key.hash())) {
            throw DynamoDbErrors.validation("The provided starting key is outside query boundaries based on provided conditions");
        }
        Select select = select(requested, index, projection);
        throttling.admit(t, index, true);
        Page page = page((after, n) -> store.query(t, index, key.hash(), key.range(), forward, after, n), start, limit,
                filter, projection, select, t, index, raw);
        return answer(page, select, t, index, returnCapacity, consistentRead);
    }

    public RawJsonResponse<ScanResponse> scan(RequestContext ctx, ScanRequest r) {
        Expressions e = expressions(r);
        return scan(tables.require(ctx, r.tableName()), r, e, RawJsonResponse.accepted(ctx));
    }

    /** A Scan's segment, checked against TotalSegments, then its filter and projection. */
    private static Expressions expressions(ScanRequest r) {
        if (r.segment() != null || r.totalSegments() != null) {
            if (r.totalSegments() == null) {
                throw DynamoDbErrors.validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
            }
            if (r.segment() == null) {
                throw DynamoDbErrors.validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
            }
            if (r.segment() >= r.totalSegments()) {
                throw DynamoDbErrors.validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: "
                        + r.segment() + " is not less than TotalSegments: " + r.totalSegments());
            }
        }
        Placeholders ph = Placeholders.of(r.expressionAttributeNames(), r.expressionAttributeValues(),
                r.hasExpressionAttributeNames(), r.hasExpressionAttributeValues());
        Expr filter = filter(r.filterExpression(), r.hasScanFilter() ? r.scanFilter() : null, r.conditionalOperatorAsString(), ph, "ScanFilter");
        Expr.Projection projection = LegacyConditions.projection(r.projectionExpression(), r.hasAttributesToGet() ? r.attributesToGet() : null, ph);
        ph.requireAllUsed(r.filterExpression() != null || r.projectionExpression() != null);
        return new Expressions(null, filter, projection);
    }

    /**
     * A page of PartiQL's SELECT, asked for as a Scan, its items as model objects. Planned as DynamoDB plans it: a
     * Query of one partition (in sort key order, Limit counting that partition's items) when the condition fixes the
     * partition key ({@link KeyCondition#plan}), else a Scan of the table or index.
     */
    public ScanResponse select(TableDef t, ScanRequest r) {
        IndexDef index = index(t, r.indexName(), r.consistentRead());
        Placeholders ph = Placeholders.of(r.expressionAttributeNames(), r.expressionAttributeValues(),
                r.hasExpressionAttributeNames(), r.hasExpressionAttributeValues());
        List<String> hashKeys = hashKeys(t, index);
        List<String> rangeKeys = rangeKeys(t, index);
        Map<String, String> types = keyTypes(t, hashKeys, rangeKeys);
        KeyCondition.Plan plan = r.filterExpression() == null ? null
                : KeyCondition.plan(ExpressionParser.condition(Kind.FILTER, r.filterExpression(), ph), hashKeys, rangeKeys, types);
        if (plan == null) {
            return scan(t, r, expressions(r), false).response();
        }
        KeyCondition key = KeyCondition.of(plan.key(), hashKeys, rangeKeys, types);
        Expr.Projection projection = LegacyConditions.projection(r.projectionExpression(), null, ph);
        QueryResponse page = readPartition(t, index, key, true, r.hasExclusiveStartKey() ? r.exclusiveStartKey() : null,
                r.limit(), plan.filter(), projection, null, null, r.consistentRead(), false).response();
        return Shapes.copyMembers(page, ScanResponse.builder()).build();
    }

    /** The partition key attributes of the table or index read (several in a GSI's multi-attribute key). */
    private static List<String> hashKeys(TableDef t, IndexDef index) {
        return index == null ? List.of(t.hashKey()) : index.hashKeys();
    }

    private static List<String> rangeKeys(TableDef t, IndexDef index) {
        return index != null ? index.rangeKeys() : t.rangeKey() == null ? List.of() : List.of(t.rangeKey());
    }

    private static Map<String, String> keyTypes(TableDef t, List<String> hashKeys, List<String> rangeKeys) {
        Map<String, String> types = new HashMap<>();
        hashKeys.forEach(k -> types.put(k, t.attributeType(k)));
        rangeKeys.forEach(k -> types.put(k, t.attributeType(k)));
        return types;
    }

    private RawJsonResponse<ScanResponse> scan(TableDef t, ScanRequest r, Expressions e, boolean raw) {
        IndexDef index = index(t, r.indexName(), r.consistentRead());
        // Segment (0 to 999999) and TotalSegments (1 to 1000000) are in range by the model's constraints
        int total = r.totalSegments() == null ? 1 : r.totalSegments();
        int segment = r.segment() == null ? 0 : r.segment();
        Expr filter = e.filter();
        Expr.Projection projection = e.projection();
        QueryStore.Cursor start = cursor(t, index, r.hasExclusiveStartKey() ? r.exclusiveStartKey() : null);
        Select select = select(r.select(), index, projection);
        int seg = segment;
        int tot = total;
        throttling.admit(t, index, true);
        Page page = page((after, n) -> store.scan(t, index, seg, tot, after, n), start, r.limit(), filter, projection, select,
                t, index, raw);
        RawJsonResponse<QueryResponse> answer = answer(page, select, t, index, r.returnConsumedCapacity(), r.consistentRead());
        return new RawJsonResponse<>(Shapes.copyMembers(answer.response(), ScanResponse.builder()).build(), answer.raw());
    }

    /**
     * A page as Query answers it (Scan answers with the same members); its capacity is that of the bytes read (every
     * item scanned, filtered out or not), on the table or on the index read.
     */
    private RawJsonResponse<QueryResponse> answer(Page page, Select select, TableDef t, IndexDef index,
                                                  ReturnConsumedCapacity returnCapacity, Boolean consistentRead) {
        boolean consistent = Boolean.TRUE.equals(consistentRead);
        Capacity.Tally used = Capacity.read(t, index, page.bytes(), consistent);
        if (page.fetchedUnits() > 0) {
            used.addTable(consistent ? page.fetchedUnits() : page.fetchedUnits() / 2);
        }
        throttling.charge(used);
        QueryResponse.Builder b = QueryResponse.builder().count(page.count()).scannedCount(page.scanned())
                .consumedCapacity(used.build(returnCapacity));
        if (page.lastKey() != null) {
            b.lastEvaluatedKey(page.lastKey());
        }
        if (select == Select.COUNT) {
            return RawJsonResponse.of(b.build());
        }
        if (page.stored() != null) {
            return new RawJsonResponse<>(b.build(), Map.of("Items", ItemJson.array(page.stored())));
        }
        return RawJsonResponse.of(b.items(page.items()).build());
    }

    private static IndexDef index(TableDef t, String name, Boolean consistent) {
        if (name == null) {
            return null;
        }
        IndexDef index = t.index(name);
        if (index == null) {
            throw DynamoDbErrors.validation("The table does not have the specified index: " + name);
        }
        if (index.global() && Boolean.TRUE.equals(consistent)) {
            throw DynamoDbErrors.validation("Consistent reads are not supported on global secondary indexes");
        }
        if (index.global() && t.description().globalSecondaryIndexes().stream()
                .anyMatch(g -> g.indexName().equals(name) && Boolean.TRUE.equals(g.backfilling()))) {
            throw DynamoDbErrors.validation("Cannot read from backfilling global secondary index: " + name);
        }
        return index;
    }


    private static Expr filter(String expression, Map<String, Condition> legacy, String operator, Placeholders ph, String legacyName) {
        if (expression != null && legacy != null) {
            throw DynamoDbErrors.validation("Can not use both expression and non-expression parameters in the same request: "
                    + "Non-expression parameters: {" + legacyName + "} Expression parameters: {FilterExpression}");
        }
        return expression != null ? ExpressionParser.condition(Kind.FILTER, expression, ph)
                : LegacyConditions.conditions(legacy, operator);
    }

    private static Select select(Select select, IndexDef index, Expr.Projection projection) {
        if (select == null) {
            return projection != null ? Select.SPECIFIC_ATTRIBUTES
                    : index != null ? Select.ALL_PROJECTED_ATTRIBUTES : Select.ALL_ATTRIBUTES;
        }
        if (select == Select.SPECIFIC_ATTRIBUTES && projection == null) {
            throw DynamoDbErrors.validation("1 validation error detected: Value 'SPECIFIC_ATTRIBUTES' at 'select' failed to satisfy constraint: "
                    + "Must specify ProjectionExpression or AttributesToGet when choosing to get SPECIFIC_ATTRIBUTES");
        }
        if (select != Select.SPECIFIC_ATTRIBUTES && projection != null) {
            throw DynamoDbErrors.validation("Cannot specify the ProjectionExpression when choosing to get " + select);
        }
        if (select == Select.ALL_PROJECTED_ATTRIBUTES && index == null) {
            throw DynamoDbErrors.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }
        if (select == Select.ALL_ATTRIBUTES && index != null && index.global() && !index.projectionType().equals("ALL")) {
            throw DynamoDbErrors.invalidParameter("Select type ALL_ATTRIBUTES is not supported for global secondary index "
                    + index.name() + " because its projection type is not ALL");
        }
        return select;
    }

    private static List<String> attributes(Expr e, List<String> out) {
        switch (e) {
            case Expr.PathRef p -> out.add(p.path().head());
            case Expr.And a -> {
                attributes(a.left(), out);
                attributes(a.right(), out);
            }
            case Expr.Or o -> {
                attributes(o.left(), out);
                attributes(o.right(), out);
            }
            case Expr.Not n -> attributes(n.operand(), out);
            case Expr.Compare c -> {
                attributes(c.left(), out);
                attributes(c.right(), out);
            }
            case Expr.Between b -> {
                attributes(b.operand(), out);
                attributes(b.low(), out);
                attributes(b.high(), out);
            }
            case Expr.In in -> {
                attributes(in.operand(), out);
                in.candidates().forEach(c -> attributes(c, out));
            }
            case Expr.Call c -> c.args().forEach(a -> attributes(a, out));
            default -> {
            }
        }
        return out;
    }

    /** ExclusiveStartKey as a store position: the table's key, plus the index's key when reading an index. */
    private static QueryStore.Cursor cursor(TableDef t, IndexDef index, Map<String, AttributeValue> key) {
        if (key == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        names.add(t.hashKey());
        if (t.rangeKey() != null) {
            names.add(t.rangeKey());
        }
        if (index != null) {
            for (String n : index.keyNames()) {
                if (!names.contains(n)) {
                    names.add(n);
                }
            }
        }
        if (key.size() != names.size()) {
            throw DynamoDbErrors.validation("The provided starting key is invalid: The provided key element does not match the schema");
        }
        for (String n : names) {
            AttributeValue v = key.get(n);
            if (v == null || !Values.typeName(v).equals(t.attributeType(n))) {
                throw DynamoDbErrors.validation("The provided starting key is invalid: The provided key element does not match the schema");
            }
        }
        return new QueryStore.Cursor(index == null ? null : KeyCodec.encodeAll(index.hashKeys().stream().map(key::get).toList()),
                index == null ? null : index.rangeKeys().isEmpty() ? KeyCodec.EMPTY
                        : KeyCodec.encodeAll(index.rangeKeys().stream().map(key::get).toList()),
                KeyCodec.encode(key.get(t.hashKey())),
                t.rangeKey() == null ? KeyCodec.EMPTY : KeyCodec.encode(key.get(t.rangeKey())));
    }

    /**
     * Reads a page. An item is parsed only when something looks into it: a filter, a projection, an index that
     * shows part of it, or an answer in model objects; otherwise it is passed on as stored (raw), or only counted.
     */
    private static Page page(Fetch fetch, QueryStore.Cursor start, Integer limit, Expr filter, Expr.Projection projection,
                             Select select, TableDef t, IndexDef index, boolean raw) {
        boolean whole = filter == null && projection == null && (index == null || index.projectsAll());
        boolean parse = !whole || (select != Select.COUNT && !raw);
        boolean fromTable = fetchesFromTable(index, t, select, projection, filter);
        double fetched = 0;
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        List<String> stored = parse ? null : new ArrayList<>();
        int scanned = 0;
        int count = 0;
        long bytes = 0;
        QueryStore.Cursor cursor = start;
        while (true) {
            int want = limit == null ? BATCH : Math.min(BATCH, limit - scanned);
            List<QueryStore.Row> rows = fetch.next(cursor, want);
            for (QueryStore.Row row : rows) {
                Map<String, AttributeValue> item = parse ? ItemJson.read(row.data()) : null;
                scanned++;
                bytes += index == null || index.projectsAll() ? row.size() : Values.itemSize(index.project(item, t));
                cursor = new QueryStore.Cursor(row.ipk(), row.isk(), row.pk(), row.sk());
                if (item == null) {
                    count++;
                    if (select != Select.COUNT) {
                        stored.add(row.data());
                    }
                } else {
                    Map<String, AttributeValue> available = index == null || fromTable || select == Select.ALL_ATTRIBUTES
                            ? item : index.project(item, t);
                    if (filter == null || Evaluator.matches(filter, available)) {
                        count++;
                        if (select != Select.COUNT) {
                            items.add(projection != null ? Evaluator.project(available, projection)
                                    : index != null && select == Select.ALL_PROJECTED_ATTRIBUTES ? index.project(item, t) : available);
                        }
                    }
                }
                if (fromTable) {
                    fetched += Capacity.readUnits(row.size(), true);
                }
                if ((limit != null && scanned >= limit) || bytes >= MAX_PAGE_BYTES) {
                    return new Page(items, stored, count, scanned, lastKey(item != null ? item : ItemJson.read(row.data()), t, index),
                            bytes, fetched);
                }
            }
            if (rows.size() < want) {
                return new Page(items, stored, count, scanned, null, bytes, fetched);
            }
        }
    }

    /**
     * Whether reading a local secondary index also reads each item from the table, as DynamoDB does when the request
     * wants attributes the index does not hold (ALL_ATTRIBUTES, or a projection or filter naming one); each item
     * fetched costs its own read units on the table.
     */
    private static boolean fetchesFromTable(IndexDef index, TableDef t, Select select, Expr.Projection projection, Expr filter) {
        if (index == null || index.global() || index.projectsAll()) {
            return false;
        }
        if (select == Select.ALL_ATTRIBUTES) {
            return true;
        }
        List<String> named = filter == null ? new ArrayList<>() : attributes(filter, new ArrayList<>());
        if (projection != null) {
            projection.paths().forEach(p -> named.add(p.head()));
        }
        return named.stream().anyMatch(a -> !index.shows(a, t));
    }

    private static Map<String, AttributeValue> lastKey(Map<String, AttributeValue> item, TableDef t, IndexDef index) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(t.hashKey(), item.get(t.hashKey()));
        if (t.rangeKey() != null) {
            key.put(t.rangeKey(), item.get(t.rangeKey()));
        }
        if (index != null) {
            for (String n : index.keyNames()) {
                key.put(n, item.get(n));
            }
        }
        return key;
    }
}
