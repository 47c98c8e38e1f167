package dev.overcast.common.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.overcast.common.db.EmbeddedPostgresServer;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The service's connection pool on its own schema ({@code overcast.db.schema}), from, in order:
 * {@code spring.datasource.url}; {@code OVERCAST_DB_URL} (+ {@code OVERCAST_DB_USER}/{@code OVERCAST_DB_PASSWORD});
 * else an embedded PostgreSQL on {@code OVERCAST_DATA_DIR} (default {@code ./.overcast-data}).
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnProperty("overcast.db.schema")
public class OvercastDataSourceAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(DataSource.class)
    HikariDataSource dataSource(Environment env) {
        String schema = env.getRequiredProperty("overcast.db.schema");
        HikariConfig config = new HikariConfig();
        String url = env.getProperty("spring.datasource.url");
        if (url == null) {
            String external = OvercastServiceAutoConfiguration.setting(env, "overcast.db.url", "OVERCAST_DB_URL", null);
            if (external != null) {
                url = withSchema(external, schema);
                config.setUsername(OvercastServiceAutoConfiguration.setting(env, "overcast.db.user", "OVERCAST_DB_USER", "postgres"));
                config.setPassword(OvercastServiceAutoConfiguration.setting(env, "overcast.db.password", "OVERCAST_DB_PASSWORD", ""));
            } else {
                Path dataDir = Path.of(OvercastServiceAutoConfiguration.setting(env, "overcast.data-dir", "OVERCAST_DATA_DIR", ".overcast-data"));
                url = EmbeddedPostgresServer.shared(dataDir.resolve("postgres")).jdbcUrl(schema);
            }
        } else {
            config.setUsername(env.getProperty("spring.datasource.username"));
            config.setPassword(env.getProperty("spring.datasource.password"));
        }
        config.setJdbcUrl(url);
        config.setPoolName(schema);
        config.setMaximumPoolSize(env.getProperty("overcast.db.pool-size", Integer.class, 20));
        config.setMinimumIdle(env.getProperty("overcast.db.min-idle", Integer.class, 2));
        // a request waits this long for a connection, then answers ServiceUnavailable (retryable): while PostgreSQL
        // is down or restarting, clients hear so within seconds instead of each waiting half a minute
        config.setConnectionTimeout(env.getProperty("overcast.db.connection-timeout-ms", Long.class, 5_000L));
        // the sandbox starts services while its PostgreSQL is still coming up: wait for it rather than fail
        config.setInitializationFailTimeout(env.getProperty("overcast.db.startup-wait-ms", Long.class, 60_000L));
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(config);
    }

    /** Adds {@code currentSchema} to a PostgreSQL JDBC URL that does not name one. */
    public static String withSchema(String url, String schema) {
        if (url.contains("currentSchema=")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
