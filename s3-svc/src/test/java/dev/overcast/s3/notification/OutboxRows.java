package dev.overcast.s3.notification;

import dev.overcast.s3.S3TestService;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The events the service wrote into its outbox for a bucket, as CloudEvents, oldest first. */
final class OutboxRows {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private OutboxRows() {
    }

    /** One outbox row: its topic and Kafka key, and the CloudEvent. */
    record Row(String topic, String key, JsonNode event) {

        String type() {
            return event.get("type").asString();
        }

        String destination() {
            return event.get("overcastdestination").asString();
        }

        /** {@code data.Records[0]} of an S3 event message. */
        JsonNode record() {
            return event.get("data").get("Records").get(0);
        }

        JsonNode object() {
            return record().get("s3").get("object");
        }
    }

    static List<Row> of(String bucket) {
        return S3TestService.jdbc().query("""
                select topic, event_key, event from s3.outbox
                where event_key = ? or starts_with(event_key, ?) order by seq""",
                (rs, i) -> new Row(rs.getString(1), rs.getString(2), JSON.readTree(rs.getString(3))), bucket, bucket + "/");
    }

    /** The rows that are not test events. */
    static List<Row> events(String bucket) {
        return of(bucket).stream().filter(r -> !r.type().equals("aws.s3.TestEvent")).toList();
    }
}
