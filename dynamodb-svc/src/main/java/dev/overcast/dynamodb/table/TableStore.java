package dev.overcast.dynamodb.table;

import dev.overcast.common.api.RequestContext;
import dev.overcast.dynamodb.DynamoDbErrors;
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
            rs.getTimestamp("ready_at").toInstant(), rs.getString("ttl_attribute"), rs.getTimestamp("pitr_enabled_at") != null);

    /** Parsed descriptions by their stored text: item operations read the table on every call. */
    private static final Map<String, TableDescription> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    private final JdbcClient jdbc;

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

    public TableStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<TableDef> find(String account, String region, String name) {
        return jdbc.sql("select * from ddb_table where account_id = ? and region = ? and name = ?")
                .params(account, region, name).query(ROW).optional();
    }

    /** The table for a data-plane call: "Requested resource not found" when absent. */
    public TableDef require(RequestContext ctx, String name) {
        TableDef t = find(ctx.account(), ctx.region(), name).orElseThrow(DynamoDbErrors::resourceNotFound);
        if (t.description().tableStatus() == TableStatus.CREATING && Instant.now().isBefore(t.readyAt())) {
            throw DynamoDbErrors.resourceNotFound(); // as DynamoDB answers item operations until the table is ACTIVE
        }
        return t;
    }

    /** The table for a control-plane call: "Requested resource not found: Table: x not found" when absent. */
    public TableDef describe(RequestContext ctx, String name) {
        return find(ctx.account(), ctx.region(), name).orElseThrow(() -> DynamoDbErrors.tableNotFound(name));
    }

    public Optional<TableDef> findById(long id) {
        return jdbc.sql("select * from ddb_table where id = ?").param(id).query(ROW).optional();
    }

    /** Locks the table row (for updates of its description). */
    public Optional<TableDef> lock(long id) {
        return jdbc.sql("select * from ddb_table where id = ? for update").param(id).query(ROW).optional();
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

    public void update(long id, TableDescription description, Instant readyAt) {
        jdbc.sql("update ddb_table set description = ?, ready_at = ? where id = ?")
                .params(ModelJson.write(description), Timestamp.from(readyAt), id).update();
    }

    public void updateTags(long id, Map<String, String> tags) {
        jdbc.sql("update ddb_table set tags = ? where id = ?").params(writeTags(tags), id).update();
    }

    public void updateTtl(long id, String attribute) {
        jdbc.sql("update ddb_table set ttl_attribute = ? where id = ?").params(attribute, id).update();
    }

    public List<TableDef> withTtl() {
        return jdbc.sql("select * from ddb_table where ttl_attribute is not null").query(ROW).list();
    }

    public boolean delete(long id) {
        return jdbc.sql("delete from ddb_table where id = ?").param(id).update() == 1;
    }

    public List<String> names(String account, String region, String after, int limit) {
        return jdbc.sql("""
                select name from ddb_table where account_id = ? and region = ? and name collate "C" > ?
                order by name collate "C" limit ?""")
                .params(account, region, after == null ? "" : after, limit).query(String.class).list();
    }

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
