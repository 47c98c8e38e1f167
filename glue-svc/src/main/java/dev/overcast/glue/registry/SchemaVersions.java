package dev.overcast.glue.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.glue.store.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The versions of each schema: definition, status and metadata (key → values in the order they were put). */
@Component
public class SchemaVersions {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One version. */
    public record Version(String id, String schemaKey, long number, String definition, String status, Instant createdAt,
                          Map<String, List<String>> metadata) {
    }

    private final JdbcClient jdbc;

    public SchemaVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Scope s, String schemaKey, Version v) {
        jdbc.sql("""
                        insert into schema_versions (id, catalog_id, region, schema_key, version_number, definition, status, created_at)
                        values (:id, :c, :r, :k, :n, :d, :st, :at)""")
                .param("id", v.id()).param("c", s.catalog()).param("r", s.region()).param("k", schemaKey)
                .param("n", v.number()).param("d", v.definition()).param("st", v.status())
                .param("at", Timestamp.from(v.createdAt())).update();
    }

    List<Version> all(Scope s, String schemaKey) {
        return jdbc.sql("select * from schema_versions where catalog_id = :c and region = :r and schema_key = :k"
                        + " order by version_number")
                .param("c", s.catalog()).param("r", s.region()).param("k", schemaKey).query((rs, i) -> row(rs)).list();
    }

    Optional<Version> byId(Scope s, String id) {
        return jdbc.sql("select * from schema_versions where catalog_id = :c and region = :r and id = :id")
                .param("c", s.catalog()).param("r", s.region()).param("id", id).query((rs, i) -> row(rs)).optional();
    }

    long next(Scope s, String schemaKey) {
        return jdbc.sql("""
                        select coalesce(max(version_number), 0) + 1 from schema_versions
                        where catalog_id = :c and region = :r and schema_key = :k""")
                .param("c", s.catalog()).param("r", s.region()).param("k", schemaKey).query(Long.class).single();
    }

    boolean delete(String id) {
        return jdbc.sql("delete from schema_versions where id = :id").param("id", id).update() == 1;
    }

    void deleteAll(Scope s, String keyPrefix) {
        jdbc.sql("delete from schema_versions where catalog_id = :c and region = :r and starts_with(schema_key, :k)")
                .param("c", s.catalog()).param("r", s.region()).param("k", keyPrefix).update();
    }

    void setMetadata(String id, Map<String, List<String>> metadata) {
        try {
            jdbc.sql("update schema_versions set metadata = cast(:m as jsonb) where id = :id")
                    .param("m", JSON.writeValueAsString(metadata)).param("id", id).update();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Version row(ResultSet rs) throws SQLException {
        Map<String, List<String>> metadata;
        try {
            metadata = JSON.readValue(rs.getString("metadata"), new TypeReference<LinkedHashMap<String, List<String>>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException(e);
        }
        return new Version(rs.getString("id"), rs.getString("schema_key"), rs.getLong("version_number"),
                rs.getString("definition"), rs.getString("status"), rs.getTimestamp("created_at").toInstant(), metadata);
    }
}
