package dev.overcast.s3.website;

import dev.overcast.common.protocol.json.ModelJson;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.s3.model.WebsiteConfiguration;

/** Buckets' website configurations in the {@code s3.bucket_website} table. */
@Repository
public class WebsiteStore {

    private final JdbcClient jdbc;

    public WebsiteStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<WebsiteConfiguration> find(String bucket) {
        return jdbc.sql("select configuration from bucket_website where bucket = ?").param(bucket).query(String.class)
                .optional().map(json -> ModelJson.read(json, WebsiteConfiguration.class));
    }

    public void put(String bucket, WebsiteConfiguration configuration) {
        jdbc.sql("""
                insert into bucket_website (bucket, configuration) values (?, ?)
                on conflict (bucket) do update set configuration = excluded.configuration""")
                .params(bucket, ModelJson.write(configuration)).update();
    }

    public void delete(String bucket) {
        jdbc.sql("delete from bucket_website where bucket = ?").param(bucket).update();
    }
}
