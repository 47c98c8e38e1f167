package dev.overcast.glue.store;

import dev.overcast.common.protocol.json.ModelJson;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The named resources of a catalog that are kept as their model document (connections, functions, crawlers,
 * classifiers, jobs, triggers, workflows, registries, schemas, policies): one row per (scope, kind, name).
 */
@Component
public class Resources {

    /** A stored resource: its name, document, times and version (counted up by every update). */
    public record Entry<T>(String name, T doc, Instant createdAt, Instant updatedAt, long version) {
    }

    private final JdbcClient jdbc;

    public Resources(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new resource; false when one of that name exists. */
    public boolean insert(Scope s, String kind, String name, Object doc, Instant now) {
        return jdbc.sql("""
                        insert into resources (catalog_id, region, kind, name, doc, created_at, updated_at)
                        values (:c, :r, :k, :n, cast(:doc as jsonb), :now, :now) on conflict do nothing""")
                .param("c", s.catalog()).param("r", s.region()).param("k", kind).param("n", name)
                .param("doc", ModelJson.write(doc)).param("now", Timestamp.from(now)).update() == 1;
    }

    /** Replaces the document of an existing resource; false when there is none. */
    public boolean update(Scope s, String kind, String name, Object doc, Instant now) {
        return jdbc.sql("""
                        update resources set doc = cast(:doc as jsonb), updated_at = :now, version = version + 1
                        where catalog_id = :c and region = :r and kind = :k and name = :n""")
                .param("c", s.catalog()).param("r", s.region()).param("k", kind).param("n", name)
                .param("doc", ModelJson.write(doc)).param("now", Timestamp.from(now)).update() == 1;
    }

    /** Inserts or replaces. */
    public void put(Scope s, String kind, String name, Object doc, Instant now) {
        if (!update(s, kind, name, doc, now)) {
            insert(s, kind, name, doc, now);
        }
    }

    public boolean delete(Scope s, String kind, String name) {
        return jdbc.sql("delete from resources where catalog_id = :c and region = :r and kind = :k and name = :n")
                .param("c", s.catalog()).param("r", s.region()).param("k", kind).param("n", name).update() == 1;
    }

    /** Deletes every resource of the kind whose name starts with {@code prefix}. */
    public int deleteByPrefix(Scope s, String kind, String prefix) {
        return jdbc.sql("""
                        delete from resources where catalog_id = :c and region = :r and kind = :k
                        and starts_with(name, :p)""")
                .param("c", s.catalog()).param("r", s.region()).param("k", kind).param("p", prefix).update();
    }

    public <T> Optional<Entry<T>> get(Scope s, String kind, String name, Class<T> type) {
        return jdbc.sql("""
                        select name, doc::text, created_at, updated_at, version from resources
                        where catalog_id = :c and region = :r and kind = :k and name = :n""")
                .param("c", s.catalog()).param("r", s.region()).param("k", kind).param("n", name)
                .query((rs, i) -> entry(rs, type)).optional();
    }

    /** Row-locked read, inside the caller's transaction. */
    public <T> Optional<Entry<T>> lock(Scope s, String kind, String name, Class<T> type) {
        return jdbc.sql("""
                        select name, doc::text, created_at, updated_at, version from resources
                        where catalog_id = :c and region = :r and kind = :k and name = :n for update""")
                .param("c", s.catalog()).param("r", s.region()).param("k", kind).param("n", name)
                .query((rs, i) -> entry(rs, type)).optional();
    }

    /** Up to {@code limit} resources of a kind whose names start with {@code prefix}, after {@code after}, by name. */
    public <T> List<Entry<T>> list(Scope s, String kind, String prefix, String after, int limit, Class<T> type) {
        return jdbc.sql("""
                        select name, doc::text, created_at, updated_at, version from resources
                        where catalog_id = :c and region = :r and kind = :k and starts_with(name, :p) and name > :after
                        order by name limit :limit""")
                .param("c", s.catalog()).param("r", s.region()).param("k", kind).param("p", prefix == null ? "" : prefix)
                .param("after", after == null ? "" : after).param("limit", limit)
                .query((rs, i) -> entry(rs, type)).list();
    }

    /** Every resource of a kind in every catalog and region (background jobs: schedules). */
    public <T> List<Scoped<T>> all(String kind, Class<T> type) {
        return jdbc.sql("""
                        select catalog_id, region, name, doc::text, created_at, updated_at, version from resources
                        where kind = :k order by catalog_id, region, name""")
                .param("k", kind)
                .query((rs, i) -> new Scoped<>(new Scope(rs.getString(1), rs.getString(2)), new Entry<>(rs.getString(3),
                        ModelJson.read(rs.getString(4), type), rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant(), rs.getLong(7)))).list();
    }

    /** A resource with the catalog it lives in. */
    public record Scoped<T>(Scope scope, Entry<T> entry) {
    }

    private static <T> Entry<T> entry(java.sql.ResultSet rs, Class<T> type) throws java.sql.SQLException {
        return new Entry<>(rs.getString(1), ModelJson.read(rs.getString(2), type), rs.getTimestamp(3).toInstant(),
                rs.getTimestamp(4).toInstant(), rs.getLong(5));
    }
}
