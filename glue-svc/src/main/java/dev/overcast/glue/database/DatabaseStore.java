package dev.overcast.glue.database;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.glue.model.DatabaseInput;

/** Databases of a catalog. Glue keeps catalog names in lower case, whatever case the caller wrote. */
@Component
public class DatabaseStore {

    private final JdbcClient jdbc;

    public DatabaseStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static String normalize(String name) {
        return name == null ? null : name.toLowerCase(Locale.ROOT);
    }

    public boolean insert(Scope s, DatabaseInput input, Instant now) {
        return jdbc.sql("""
                        insert into databases (catalog_id, region, name, doc, created_at)
                        values (:c, :r, :n, cast(:doc as jsonb), :now) on conflict do nothing""")
                .param("c", s.catalog()).param("r", s.region()).param("n", normalize(input.name()))
                .param("doc", ModelJson.write(input)).param("now", Timestamp.from(now)).update() == 1;
    }

    public Optional<CatalogDatabase> find(Scope s, String name) {
        return jdbc.sql("select id, name, doc::text, created_at from databases where catalog_id = :c and region = :r and name = :n")
                .param("c", s.catalog()).param("r", s.region()).param("n", normalize(name))
                .query((rs, i) -> row(s, rs)).optional();
    }

    /** The database, or EntityNotFoundException as Glue words it. */
    public CatalogDatabase require(Scope s, String name) {
        return find(s, name).orElseThrow(() -> GlueErrors.notFound("Database", normalize(name)));
    }

    public List<CatalogDatabase> page(Scope s, String after, int limit) {
        return jdbc.sql("""
                        select id, name, doc::text, created_at from databases where catalog_id = :c and region = :r
                        and name > :after order by name limit :limit""")
                .param("c", s.catalog()).param("r", s.region()).param("after", after == null ? "" : after)
                .param("limit", limit).query((rs, i) -> row(s, rs)).list();
    }

    public boolean update(long id, DatabaseInput input) {
        return jdbc.sql("update databases set name = :n, doc = cast(:doc as jsonb) where id = :id")
                .param("n", normalize(input.name())).param("doc", ModelJson.write(input)).param("id", id).update() == 1;
    }

    public boolean delete(long id) {
        return jdbc.sql("delete from databases where id = :id").param("id", id).update() == 1;
    }

    private static CatalogDatabase row(Scope s, ResultSet rs) throws SQLException {
        return new CatalogDatabase(rs.getLong(1), s, rs.getString(2), ModelJson.read(rs.getString(3), DatabaseInput.class),
                rs.getTimestamp(4).toInstant());
    }
}
