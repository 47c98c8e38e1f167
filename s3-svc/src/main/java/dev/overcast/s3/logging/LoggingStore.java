package dev.overcast.s3.logging;

import dev.overcast.common.protocol.json.ModelJson;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;

/**
 * Buckets' server access logging configurations ({@code s3.bucket_logging}). The request path asks for a bucket's
 * configuration on every request; answers are kept a few seconds ({@link #CACHED}), so a change takes effect on the
 * other replicas within that time (AWS too applies a logging change after a while, and delivers logs on a best-effort
 * basis).
 */
@Repository
public class LoggingStore {

    static final Duration CACHED = Duration.ofSeconds(5);

    private record Cached(LoggingEnabled configuration, long until) {
    }

    private final JdbcClient jdbc;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public LoggingStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The bucket's logging configuration as read now (empty: logging off). */
    public Optional<LoggingEnabled> read(String bucket) {
        return jdbc.sql("select configuration from bucket_logging where bucket = ?").param(bucket).query(String.class)
                .optional().map(json -> ModelJson.read(json, LoggingEnabled.class));
    }

    /** The bucket's logging configuration as the request path sees it (cached briefly). */
    public LoggingEnabled cached(String bucket) {
        long now = System.nanoTime();
        Cached c = cache.get(bucket);
        if (c == null || c.until() - now < 0) {
            if (cache.size() > 100_000) {
                cache.clear();
            }
            c = new Cached(read(bucket).orElse(null), now + CACHED.toNanos());
            cache.put(bucket, c);
        }
        return c.configuration();
    }

    /** Replaces the bucket's configuration (null: logging off). */
    public void set(String bucket, LoggingEnabled configuration) {
        cache.remove(bucket);
        if (configuration == null) {
            jdbc.sql("delete from bucket_logging where bucket = ?").param(bucket).update();
        } else {
            jdbc.sql("""
                    insert into bucket_logging (bucket, configuration) values (?, ?)
                    on conflict (bucket) do update set configuration = excluded.configuration""")
                    .params(bucket, ModelJson.write(configuration)).update();
        }
    }
}
