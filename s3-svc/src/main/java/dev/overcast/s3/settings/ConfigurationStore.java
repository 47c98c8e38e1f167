package dev.overcast.s3.settings;

import dev.overcast.common.protocol.json.ModelJson;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.core.SdkPojo;

/** Configurations a bucket keeps by kind and id ({@code s3.bucket_configuration}), as the shapes they were sent as. */
@Repository
public class ConfigurationStore {

    private final JdbcClient jdbc;

    public ConfigurationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void put(String bucket, String kind, String id, SdkPojo configuration) {
        jdbc.sql("""
                insert into bucket_configuration (bucket, kind, id, configuration) values (?, ?, ?, ?)
                on conflict (bucket, kind, id) do update set configuration = excluded.configuration""")
                .params(bucket, kind, id, ModelJson.write(configuration)).update();
    }

    public <T> Optional<T> find(String bucket, String kind, String id, Class<T> type) {
        return jdbc.sql("select configuration from bucket_configuration where bucket = ? and kind = ? and id = ?")
                .params(bucket, kind, id).query(String.class).optional().map(json -> ModelJson.read(json, type));
    }

    public boolean delete(String bucket, String kind, String id) {
        return jdbc.sql("delete from bucket_configuration where bucket = ? and kind = ? and id = ?")
                .params(bucket, kind, id).update() == 1;
    }

    /** The kind's configurations of the bucket in id order. */
    public <T> List<T> list(String bucket, String kind, Class<T> type) {
        return jdbc.sql("select configuration from bucket_configuration where bucket = ? and kind = ? order by id")
                .params(bucket, kind).query(String.class).list().stream().map(json -> ModelJson.read(json, type))
                .toList();
    }
}
