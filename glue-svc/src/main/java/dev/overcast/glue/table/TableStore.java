package dev.overcast.glue.table;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.database.CatalogDatabase;
import dev.overcast.glue.database.DatabaseStore;
import dev.overcast.glue.store.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.glue.model.TableInput;

/** Tables with every version kept (the current one included); names in lower case as Glue keeps them. */
@Component
public class TableStore {

    private static final String COLUMNS = """
            select t.id, t.database_id, d.catalog_id, d.name, t.name, t.version_id, t.doc::text, t.created_at, t.updated_at
            from tables t join databases d on d.id = t.database_id""";

    /** A version of a table as GetTableVersions lists it. */
    public record Version(long versionId, TableInput input, Instant updatedAt) {
    }

    private final JdbcClient jdbc;
    private final DatabaseStore databases;

    public TableStore(JdbcClient jdbc, DatabaseStore databases) {
        this.jdbc = jdbc;
        this.databases = databases;
    }

    /** Inserts the table as its version 1; false when one of that name exists. */
    public boolean insert(CatalogDatabase db, TableInput input, Instant now) {
        Long id = jdbc.sql("""
                        insert into tables (database_id, name, version_id, doc, created_at, updated_at)
                        values (:db, :n, 1, cast(:doc as jsonb), :now, :now) on conflict do nothing returning id""")
                .param("db", db.id()).param("n", DatabaseStore.normalize(input.name()))
                .param("doc", ModelJson.write(input)).param("now", Timestamp.from(now)).query(Long.class).optional()
                .orElse(null);
        if (id == null) {
            return false;
        }
        addVersion(id, 1, input, now);
        return true;
    }

    private void addVersion(long tableId, long version, TableInput input, Instant now) {
        jdbc.sql("""
                        insert into table_versions (table_id, version_id, doc, updated_at) values (:t, :v, cast(:doc as jsonb), :now)
                        on conflict (table_id, version_id) do update set doc = excluded.doc, updated_at = excluded.updated_at""")
                .param("t", tableId).param("v", version).param("doc", ModelJson.write(input))
                .param("now", Timestamp.from(now)).update();
    }

    /**
     * Makes {@code input} the table's current state: a new version, or with {@code skipArchive} the current version
     * rewritten in place (no version kept of what it was).
     */
    public void update(CatalogTable t, TableInput input, boolean skipArchive, Instant now) {
        long version = skipArchive ? t.versionId() : nextVersion(t.id());
        jdbc.sql("""
                        update tables set name = :n, version_id = :v, doc = cast(:doc as jsonb), updated_at = :now
                        where id = :id""")
                .param("n", DatabaseStore.normalize(input.name())).param("v", version)
                .param("doc", ModelJson.write(input)).param("now", Timestamp.from(now)).param("id", t.id()).update();
        addVersion(t.id(), version, input, now);
    }

    private long nextVersion(long tableId) {
        return jdbc.sql("select coalesce(max(version_id), 0) + 1 from table_versions where table_id = :t")
                .param("t", tableId).query(Long.class).single();
    }

    public Optional<CatalogTable> find(Scope s, String database, String name) {
        return jdbc.sql(COLUMNS + " where d.catalog_id = :c and d.region = :r and d.name = :d and t.name = :n")
                .param("c", s.catalog()).param("r", s.region()).param("d", DatabaseStore.normalize(database))
                .param("n", DatabaseStore.normalize(name)).query((rs, i) -> row(rs)).optional();
    }

    /** The table; EntityNotFoundException naming the database when that is missing, else the table. */
    public CatalogTable require(Scope s, String database, String name) {
        return find(s, database, name).orElseThrow(() -> {
            databases.require(s, database);
            return GlueErrors.notFound("Table", DatabaseStore.normalize(name));
        });
    }

    /** The table row-locked for a change in the caller's transaction. */
    public CatalogTable lock(Scope s, String database, String name) {
        CatalogTable t = require(s, database, name);
        jdbc.sql("select 1 from tables where id = :id for update").param("id", t.id()).query(Integer.class).single();
        return require(s, database, name);
    }

    /** A page of a database's tables by name; {@code regex} (PostgreSQL's) filters names when given. */
    public List<CatalogTable> page(long databaseId, String regex, String after, int limit) {
        return jdbc.sql(COLUMNS + " where t.database_id = :db and t.name > :after and (:re = '' or t.name ~ :re)"
                        + " order by t.name limit :limit")
                .param("db", databaseId).param("after", after == null ? "" : after).param("re", regex == null ? "" : regex)
                .param("limit", limit).query((rs, i) -> row(rs)).list();
    }

    /** Tables of a catalog whose name, database name or document contains the text (SearchTables), by id. */
    public List<CatalogTable> search(Scope s, String text) {
        return jdbc.sql(COLUMNS + " where d.catalog_id = :c and d.region = :r and (:q = '' or t.name ilike :like"
                        + " or d.name ilike :like or t.doc::text ilike :like) order by d.name, t.name")
                .param("c", s.catalog()).param("r", s.region()).param("q", text == null ? "" : text)
                .param("like", "%" + (text == null ? "" : text.replace("%", "\\%").replace("_", "\\_")) + "%")
                .query((rs, i) -> row(rs)).list();
    }

    public boolean delete(long id) {
        return jdbc.sql("delete from tables where id = :id").param("id", id).update() == 1;
    }

    public List<Version> versions(long tableId, long after, int limit) {
        return jdbc.sql("""
                        select version_id, doc::text, updated_at from table_versions where table_id = :t and version_id < :after
                        order by version_id desc limit :limit""")
                .param("t", tableId).param("after", after).param("limit", limit)
                .query((rs, i) -> new Version(rs.getLong(1), ModelJson.read(rs.getString(2), TableInput.class),
                        rs.getTimestamp(3).toInstant())).list();
    }

    public Optional<Version> version(long tableId, long version) {
        return versions(tableId, version + 1, 1).stream().filter(v -> v.versionId() == version).findFirst();
    }

    public boolean deleteVersion(long tableId, long version) {
        return jdbc.sql("delete from table_versions where table_id = :t and version_id = :v")
                .param("t", tableId).param("v", version).update() == 1;
    }

    private static CatalogTable row(ResultSet rs) throws SQLException {
        return new CatalogTable(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), ModelJson.read(rs.getString(7), TableInput.class), rs.getTimestamp(8).toInstant(),
                rs.getTimestamp(9).toInstant());
    }
}
