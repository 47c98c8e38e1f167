package dev.overcast.dynamodb.table;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.db.VersionedRowCache;
import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.policy.DynamoDbPolicies;
import dev.overcast.dynamodb.policy.PolicyRequests;
import dev.overcast.dynamodb.policy.RequestKeys;
import dev.overcast.dynamodb.schema.TableDef;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Tables in {@code dynamodb.ddb_table}. */
@Repository
public class TableStore {

    private static final RowMapper<TableDef> ROW = (rs, i) -> new TableDef(rs.getLong("id"), rs.getString("account_id"),
            rs.getString("region"), rs.getString("name"),
            description(rs.getString("description")), readTags(rs.getString("tags")),
            rs.getTimestamp("ready_at").toInstant(), rs.getString("ttl_attribute"), rs.getTimestamp("pitr_enabled_at") != null,
            rs.getBoolean("kinesis_streaming"), rs.getLong("version"), rs.getString("table_policy"),
            rs.getString("stream_policy"));

    /** A table row's ARN, as every table's is made. */
    private static final String TABLE_ARN = "('arn:aws:dynamodb:' || ddb_table.region || ':' || ddb_table.account_id"
            + " || ':table/' || ddb_table.name)";

    /**
     * Every column, the row version ({@link TableDef#version()}), and the resource-based policies of the table and of
     * its latest stream (a change of either moves the row's version on: {@link #policyChanged}).
     */
    private static final String COLUMNS = "select *, " + VersionedRowCache.VERSION + " as version, "
            + "(select p.policy from resource_policy p where p.resource_arn = " + TABLE_ARN + ") as table_policy, "
            + "(select p.policy from resource_policy p where p.resource_arn = " + TABLE_ARN
            + " || '/stream/' || (ddb_table.description::json ->> 'LatestStreamLabel')) as stream_policy from ddb_table";

    private record Name(String account, String region, String name) {
    }

    /**
     * Tables as last read, for the item hot paths only: their statements check the version in the same round trip
     * ({@link #CURRENT}), so a table changed by another thread or process is never used; every other caller reads
     * the table from the database.
     */
    private final VersionedRowCache<Name, TableDef> cache;

    /** Parsed descriptions by their stored text: item operations read the table on every call. */
    private static final Map<String, TableDescription> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    private final JdbcClient jdbc;
    private final SuiteClock clock;

    private static TableDescription description(String json) {
        TableDescription d = PARSED.get(json);
        if (d == null) {
            if (PARSED.size() > 1000) {
                PARSED.clear();
            }
            d = ModelJson.read(json, TableDescription.class);
            PARSED.put(json, d);
        }
        return d;
    }

    public TableStore(JdbcClient jdbc, SuiteClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cache = new VersionedRowCache<>(n -> jdbc.sql(COLUMNS + " where account_id = ? and region = ? and name = ?")
                .params(n.account(), n.region(), n.name()).query(ROW).optional(), TableDef::version);
    }

    public Optional<TableDef> find(String account, String region, String name) {
        return cache.read(new Name(account, region, name));
    }

    /**
     * SQL that is true while the table row {@code t} is still the version a cached table was read at (parameters:
     * table id, version). Statements that use it lock the row as a foreign key check does ({@code for key share}),
     * so one that waited for an UpdateTable sees the new version and fails the check.
     */
    public static final String CURRENT = "t.id = ? and t." + VersionedRowCache.VERSION + " = ?";

    /**
     * Runs an item hot path on the table, cached when it was read before: the operation's statements check the
     * version ({@link #CURRENT}) and throw {@link VersionedRowCache.Stale} when it changed; the table is then read
     * again and the operation run again. "Requested resource not found" when the table does not exist.
     */
    public <T> T withTable(RequestContext ctx, String name, java.util.function.Function<TableDef, T> operation) {
        Name resolved = resolve(ctx, name);
        return cache.with(resolved, t -> usable(authorized(ctx, name, resolved, t)), operation);
    }

    /**
     * Whether each of the tables (as cached, see {@link #withTable}) is still the version it was read at, checked in
     * one statement that locks the current ones as {@link #CURRENT} does; false at the positions of the stale ones.
     */
    public boolean[] current(List<TableDef> read) {
        Long[] ids = read.stream().map(TableDef::id).toArray(Long[]::new);
        Long[] versions = read.stream().map(TableDef::version).toArray(Long[]::new);
        boolean[] current = new boolean[read.size()];
        jdbc.sql("""
                select r.ord from ddb_table t join unnest(?::bigint[], ?::bigint[]) with ordinality r(id, version, ord)
                on t.id = r.id and t.""" + VersionedRowCache.VERSION + """
                 = r.version for key share of t""")
                .params(ids, versions).query(Long.class).list().forEach(ord -> current[(int) (ord - 1)] = true);
        return current;
    }

    /** The table for a data-plane call: "Requested resource not found" when absent. */
    public TableDef require(RequestContext ctx, String name) {
        return usable(find(ctx, name));
    }

    /** The table a TableName parameter names (a name or a table ARN, see {@link #resolve}), if it exists. */
    public Optional<TableDef> find(RequestContext ctx, String tableName) {
        Name resolved = resolve(ctx, tableName);
        return authorized(ctx, tableName, resolved, cache.read(resolved));
    }

    /**
     * What a TableName parameter names, in the one way every operation reads it: a table's name in the caller's
     * account and region, or the table's ARN ({@code arn:aws:dynamodb:<region>:<account>:table/<name>}). An ARN of
     * another region names a table the caller does not have there; one of another account is refused as DynamoDB
     * refuses a caller that no resource-based policy admits.
     */
    private Name resolve(RequestContext ctx, String tableName) {
        if (tableName == null || !tableName.startsWith("arn:")) {
            return new Name(ctx.account(), ctx.region(), checkedName(tableName));
        }
        String[] parts = tableName.split(":", 6);
        boolean table = parts.length == 6 && parts[2].equals("dynamodb") && parts[5].startsWith("table/")
                && parts[5].indexOf('/', "table/".length()) < 0;
        if (!table) {
            return new Name(ctx.account(), ctx.region(), tableName); // no table has such a name: not found
        }
        return new Name(parts[4], parts[3], checkedName(parts[5].substring("table/".length())));
    }

    /**
     * The table a request names, once its resource-based policy admits the request: another account's request (at the
     * table's ARN) needs the policy to allow each action it takes there, the owner's must not be denied one
     * ({@link DynamoDbPolicies#admit}). {@code named} is the TableName parameter as given.
     */
    private Optional<TableDef> authorized(RequestContext ctx, String named, Name name, Optional<TableDef> table) {
        boolean owner = name.account().equals(ctx.account());
        String policy = table.map(TableDef::policy).orElse(null);
        if (!owner || policy != null) {
            String arn = table.map(TableDef::arn).orElse(named);
            admit(ctx, owner, policy, arn, table.orElse(null), named, arn);
        }
        return table;
    }

    /**
     * Admits the request on the resource (a table, or its stream) by the resource's policy; a request the dispatcher did
     * not announce (the suite's own work on the owner's behalf) is the owner's to make.
     */
    private void admit(RequestContext ctx, boolean owner, String policy, String policyArn, TableDef table, String named,
                       String resourceArn) {
        PolicyRequests.Pending pending = PolicyRequests.of(ctx);
        if (owner && pending == null) {
            return;
        }
        DynamoDbPolicies.admit(ctx, owner, policy, policyArn,
                RequestKeys.of(ctx, pending, table, named, resourceArn, clock.now()));
    }

    /**
     * The table whose latest stream is the stream ARN, in the caller's region: the caller's own (unless the stream's
     * policy denies the request), or another account's whose stream policy allows it; empty when there is none.
     */
    public Optional<TableDef> findStream(RequestContext ctx, String streamArn) {
        int at = streamArn.indexOf("/stream/");
        String[] parts = streamArn.substring(0, at).split(":", 6);
        String prefix = "arn:aws:dynamodb:" + ctx.region() + ":";
        if (parts.length < 6 || !streamArn.startsWith(prefix) || !parts[5].startsWith("table/")) {
            return Optional.empty();
        }
        TableDef table = find(parts[4], ctx.region(), parts[5].substring("table/".length()))
                .filter(t -> streamArn.equals(t.description().latestStreamArn())).orElse(null);
        boolean owner = parts[4].equals(ctx.account());
        String policy = table == null ? null : table.streamPolicy();
        if (!owner || policy != null) {
            admit(ctx, owner, policy, streamArn, table, streamArn, streamArn);
        }
        return Optional.ofNullable(table);
    }

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9_.-]+");

    /**
     * A table name in the characters DynamoDB allows (the model's TableArn shape, which also takes ARNs, has no
     * pattern of its own): anything else is refused as DynamoDB refuses it, before any lookup.
     */
    private static String checkedName(String name) {
        if (name != null && !NAME.matcher(name).matches()) {
            throw DynamoDbErrors.constraint(name, "tableName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        return name;
    }

    private static TableDef usable(Optional<TableDef> table) {
        TableDef t = table.orElseThrow(DynamoDbErrors::resourceNotFound);
        if (creating(t)) {
            throw DynamoDbErrors.resourceNotFound(); // as DynamoDB answers item operations until the table is ACTIVE
        }
        return t;
    }

    private static boolean creating(TableDef t) {
        return t.description().tableStatus() == TableStatus.CREATING && Instant.now().isBefore(t.readyAt());
    }

    /** The table for a control-plane call: "Requested resource not found: Table: x not found" when absent. */
    public TableDef describe(RequestContext ctx, String name) {
        return find(ctx, name).orElseThrow(() -> DynamoDbErrors.tableNotFound(name));
    }

    public Optional<TableDef> findById(long id) {
        return jdbc.sql(COLUMNS + " where id = ?").param(id).query(ROW).optional();
    }

    /** Locks the table row (for updates of its description). */
    /** A table by its row id, as stored now. */
    public Optional<TableDef> byId(long id) {
        return jdbc.sql(COLUMNS + " where id = ?").param(id).query(ROW).optional();
    }

    public Optional<TableDef> lock(long id) {
        return jdbc.sql(COLUMNS + " where id = ? for update").param(id).query(ROW).optional();
    }

    public Optional<Long> insert(String account, String region, String name, TableDescription description,
                                 Map<String, String> tags, Instant readyAt) {
        try {
            long id = jdbc.sql("""
                    insert into ddb_table (account_id, region, name, description, tags, created_at, ready_at)
                    values (?, ?, ?, ?, ?, ?, ?) returning id""")
                    .params(account, region, name, ModelJson.write(description), writeTags(tags),
                            Timestamp.from(description.creationDateTime()), Timestamp.from(readyAt))
                    .query(Long.class).single();
            return Optional.of(id);
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
    }

    /** Forgets a table changed or deleted here (another process's changes are caught by the version check). */
    private void evict(long id) {
        cache.evictIf(t -> t.id() == id);
    }

    public void update(long id, TableDescription description, Instant readyAt) {
        evict(id);
        jdbc.sql("update ddb_table set description = ?, ready_at = ? where id = ?")
                .params(ModelJson.write(description), Timestamp.from(readyAt), id).update();
    }

    /** Sets when a table becomes ACTIVE (an imported table: once its import ended). */
    public void setReadyAt(String account, String region, String name, Instant readyAt) {
        jdbc.sql("update ddb_table set ready_at = ? where account_id = ? and region = ? and name = ?")
                .params(Timestamp.from(readyAt), account, region, name).update();
        cache.evictIf(t -> t.account().equals(account) && t.region().equals(region) && t.name().equals(name));
    }

    public void updateTags(long id, Map<String, String> tags) {
        jdbc.sql("update ddb_table set tags = ? where id = ?").params(writeTags(tags), id).update();
    }

    public void updateTtl(long id, String attribute) {
        jdbc.sql("update ddb_table set ttl_attribute = ? where id = ?").params(attribute, id).update();
    }

    public List<TableDef> withTtl() {
        return jdbc.sql(COLUMNS + " where ttl_attribute is not null").query(ROW).list();
    }

    /**
     * Moves the table row's version on when the policy of the table or of its stream changed (in the change's
     * transaction), so that every copy of the row cached with the old policy is read again.
     */
    public void policyChanged(long id) {
        evict(id);
        jdbc.sql("update ddb_table set ready_at = ready_at where id = ?").param(id).update();
    }

    public boolean delete(long id) {
        evict(id);
        return jdbc.sql("delete from ddb_table where id = ?").param(id).update() == 1;
    }

    public List<String> names(String account, String region, String after, int limit) {
        return jdbc.sql("""
                select name from ddb_table where account_id = ? and region = ? and name collate "C" > ?
                order by name collate "C" limit ?""")
                .params(account, region, after == null ? "" : after, limit).query(String.class).list();
    }

    /**
     * The table an ARN names (the table's, or one under it: its index, its stream), in the caller's region, once the
     * table's resource-based policy admits the request ({@link #find(RequestContext, String)}): another account's
     * table too when its policy allows the action. Empty when there is none.
     */
    public Optional<TableDef> findByArn(RequestContext ctx, String arn) {
        String prefix = "arn:aws:dynamodb:" + ctx.region() + ":";
        int table = arn == null || !arn.startsWith(prefix) ? -1 : arn.indexOf(":table/", prefix.length());
        if (table < 0 || arn.indexOf(':', prefix.length()) != table) {
            return Optional.empty();
        }
        int slash = arn.indexOf('/', table + ":table/".length());
        return find(ctx, slash < 0 ? arn : arn.substring(0, slash));
    }

    /** The table an ARN names (as {@link #findByArn(RequestContext, String)}) in the account and region, unchecked. */
    public Optional<TableDef> findByArn(String account, String region, String arn) {
        String prefix = "arn:aws:dynamodb:" + region + ":" + account + ":table/";
        if (arn == null || !arn.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = arn.substring(prefix.length());
        int slash = rest.indexOf('/');
        return find(account, region, slash < 0 ? rest : rest.substring(0, slash));
    }

    /** Item count and total size. */
    public long[] stats(long id) {
        return jdbc.sql("select count(*), coalesce(sum(size), 0) from item where table_id = ?").param(id)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }

    public long indexCount(long id, String index) {
        return jdbc.sql("select count(*) from index_entry where table_id = ? and index_name = ?")
                .params(id, index).query(Long.class).single();
    }

    private static String writeTags(Map<String, String> tags) {
        return ModelJson.write(ListTagsOfResourceResponse.builder()
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
                .build());
    }

    private static Map<String, String> readTags(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        ModelJson.read(json, ListTagsOfResourceResponse.class).tags().forEach(t -> out.put(t.key(), t.value()));
        return out;
    }
}
