package dev.overcast.s3.cors;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Buckets' CORS rules in the {@code s3.bucket_cors} table. */
@Repository
public class CorsStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<CorsRule>> RULES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    public CorsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The bucket's rules in order; empty when it has no CORS configuration (or does not exist). */
    public Optional<List<CorsRule>> rules(String bucket) {
        return jdbc.sql("select rules from bucket_cors where bucket = ?").param(bucket).query(String.class).optional()
                .map(json -> JSON.readValue(json, RULES));
    }

    public void put(String bucket, List<CorsRule> rules) {
        jdbc.sql("""
                insert into bucket_cors (bucket, rules) values (?, ?::jsonb)
                on conflict (bucket) do update set rules = excluded.rules""")
                .params(bucket, JSON.writeValueAsString(rules)).update();
    }

    public void delete(String bucket) {
        jdbc.sql("delete from bucket_cors where bucket = ?").param(bucket).update();
    }
}
