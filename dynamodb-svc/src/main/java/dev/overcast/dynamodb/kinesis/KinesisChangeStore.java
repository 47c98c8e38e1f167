package dev.overcast.dynamodb.kinesis;

import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.ItemKey;
import dev.overcast.dynamodb.value.Values;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item changes of tables with a Kinesis streaming destination, in {@code dynamodb.kinesis_change}: appended in the
 * transaction of the change (under the table's change lock, so ids are in commit order per table), read by the
 * relay in id order, deleted once every destination of the table has them.
 */
@Repository
public class KinesisChangeStore {

    /** A change as stored; images are null where the item did not exist. */
    public record Change(long id, long tableId, String eventName, String keys, String newImage, String oldImage,
                         int sizeBytes, Instant createdAt, String userIdentity) {
    }

    private final JdbcClient jdbc;

    public KinesisChangeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a change with both images, as Kinesis Data Streams for DynamoDB always sends them. */
    public void append(TableDef table, String event, ItemKey key, Map<String, AttributeValue> after,
                       Map<String, AttributeValue> before, String userIdentity, Instant at) {
        int size = Values.itemSize(key.attributes()) + (after == null ? 0 : Values.itemSize(after)) + (before == null ? 0 : Values.itemSize(before));
        jdbc.sql("""
                insert into kinesis_change (table_id, event_name, keys, new_image, old_image, size_bytes, created_at, user_identity)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(table.id(), event, ItemJson.write(key.attributes()), after == null ? null : ItemJson.write(after),
                        before == null ? null : ItemJson.write(before), size, Timestamp.from(at), userIdentity)
                .update();
    }

    /** The table's changes after the given id, oldest first. */
    List<Change> after(long tableId, long id, int limit) {
        return jdbc.sql("select * from kinesis_change where table_id = ? and id > ? order by id limit ?")
                .params(tableId, id, limit)
                .query((rs, i) -> new Change(rs.getLong("id"), rs.getLong("table_id"), rs.getString("event_name"),
                        rs.getString("keys"), rs.getString("new_image"), rs.getString("old_image"), rs.getInt("size_bytes"),
                        rs.getTimestamp("created_at").toInstant(), rs.getString("user_identity")))
                .list();
    }

    /** The newest change id of the table (0 when none): where a destination being enabled starts. */
    long last(long tableId) {
        return jdbc.sql("select coalesce(max(id), 0) from kinesis_change where table_id = ?").param(tableId)
                .query(Long.class).single();
    }

    /** Forgets the changes every live destination of the table has delivered (all of them when none is left). */
    void trim(long tableId) {
        jdbc.sql("""
                delete from kinesis_change where table_id = ? and id <= coalesce(
                    (select min(delivered) from kinesis_destination
                     where table_id = ? and status in ('ENABLING', 'ACTIVE', 'UPDATING')), 9223372036854775807)""")
                .params(tableId, tableId).update();
    }
}
