package dev.overcast.flink.application;

import dev.overcast.flink.FlinkErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.Tag;

/** Applications' tags (at most 50, keys not starting with "aws:"). */
@Repository
public class ApplicationTags {

    private final JdbcClient jdbc;

    public ApplicationTags(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static void check(List<Tag> tags) {
        if (tags == null) {
            return;
        }
        if (tags.stream().anyMatch(t -> t.key().toLowerCase(java.util.Locale.ROOT).startsWith("aws:"))) {
            throw FlinkErrors.invalidArgument("Tag keys cannot start with the reserved prefix 'aws:'");
        }
    }

    public Map<String, String> of(long application) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.sql("select key, value from application_tags where application_id = :id order by key").param("id", application)
                .query(rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                });
        return out;
    }

    /** Adds or replaces tags; more than 50 in all is TooManyTagsException and changes nothing (callers hold a transaction). */
    public void put(long application, Map<String, String> tags) {
        Map<String, String> merged = new LinkedHashMap<>(of(application));
        merged.putAll(tags);
        if (merged.size() > 50) {
            throw new dev.overcast.common.error.AwsException("TooManyTagsException", 400,
                    "Application can't have more than 50 tags");
        }
        tags.forEach((k, v) -> jdbc.sql("""
                insert into application_tags (application_id, key, value) values (:id, :k, :v)
                on conflict (application_id, key) do update set value = excluded.value""")
                .param("id", application).param("k", k).param("v", v).update());
    }

    public void remove(long application, List<String> keys) {
        jdbc.sql("delete from application_tags where application_id = :id and key in (:k)").param("id", application)
                .param("k", keys).update();
    }
}
