package dev.overcast.dynamodb.kinesis;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The Kinesis streaming destinations of tables, in {@code dynamodb.kinesis_destination}, and the table's
 * {@code kinesis_streaming} flag that tells item writes to record their changes (kept equal to "a destination is
 * ENABLING, ACTIVE or UPDATING" by every change of status, in the same transaction).
 */
@Repository
public class DestinationStore {

    /** The statuses in which the table's changes are recorded for the destination. */
    static final List<String> LIVE = List.of("ENABLING", "ACTIVE", "UPDATING");

    /** A destination as stored. */
    public record Destination(long tableId, String streamArn, String status, String statusDescription, String precision,
                              long delivered, Instant updatedAt) {

        boolean live() {
            return LIVE.contains(status);
        }
    }

    private static final RowMapper<Destination> ROW = (rs, i) -> new Destination(rs.getLong("table_id"),
            rs.getString("stream_arn"), rs.getString("status"), rs.getString("status_description"),
            rs.getString("time_precision"), rs.getLong("delivered"), rs.getTimestamp("updated_at").toInstant());

    private final JdbcClient jdbc;

    public DestinationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The table's destinations, oldest first. */
    List<Destination> of(long tableId) {
        return jdbc.sql("select * from kinesis_destination where table_id = ? order by updated_at, stream_arn")
                .param(tableId).query(ROW).list();
    }

    Optional<Destination> find(long tableId, String streamArn) {
        return jdbc.sql("select * from kinesis_destination where table_id = ? and stream_arn = ?")
                .params(tableId, streamArn).query(ROW).optional();
    }

    /** Every destination the relay has work for: changing status, or live. */
    List<Destination> pending() {
        return jdbc.sql("select * from kinesis_destination where status in ('ENABLING', 'ACTIVE', 'UPDATING', 'DISABLING')")
                .query(ROW).list();
    }

    /** Enables (or enables again) a destination, delivering the changes recorded from now on. */
    void enable(long tableId, String streamArn, String precision, long from, Instant now) {
        jdbc.sql("""
                insert into kinesis_destination (table_id, stream_arn, status, time_precision, delivered, updated_at)
                values (?, ?, 'ENABLING', ?, ?, ?)
                on conflict (table_id, stream_arn) do update set status = 'ENABLING', status_description = null,
                    time_precision = excluded.time_precision, delivered = excluded.delivered, updated_at = excluded.updated_at""")
                .params(tableId, streamArn, precision, from, Timestamp.from(now)).update();
        flag(tableId);
    }

    /** Moves a destination to another status (and precision, when given). */
    void status(long tableId, String streamArn, String status, String description, String precision, Instant now) {
        jdbc.sql("""
                update kinesis_destination set status = ?, status_description = ?,
                    time_precision = coalesce(?, time_precision), updated_at = ?
                where table_id = ? and stream_arn = ?""")
                .params(status, description, precision, Timestamp.from(now), tableId, streamArn).update();
        flag(tableId);
    }

    void delivered(long tableId, String streamArn, long upTo) {
        jdbc.sql("update kinesis_destination set delivered = ? where table_id = ? and stream_arn = ? and delivered < ?")
                .params(upTo, tableId, streamArn, upTo).update();
    }

    /** Sets the table's flag from its destinations, writing the table row only when it changes (its version moves). */
    private void flag(long tableId) {
        jdbc.sql("""
                update ddb_table set kinesis_streaming = s.live from (select exists (select 1 from kinesis_destination
                    where table_id = ? and status in ('ENABLING', 'ACTIVE', 'UPDATING')) as live) s
                where id = ? and kinesis_streaming <> s.live""")
                .params(tableId, tableId).update();
    }
}
