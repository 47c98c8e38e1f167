package dev.overcast.firehose.deliverystream;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;

/** Delivery streams in {@code firehose.delivery_stream}. */
@Repository
public class DeliveryStreamStore {

    private final JdbcClient jdbc;

    public DeliveryStreamStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static DeliveryStream row(ResultSet rs, int i) throws SQLException {
        return new DeliveryStream(rs.getLong("id"), rs.getString("account_id"), rs.getString("region"),
                rs.getString("name"), rs.getString("arn"), DeliveryStreamType.fromValue(rs.getString("stream_type")),
                instant(rs, "created_at"), instant(rs, "ready_at"), instant(rs, "updated_at"), rs.getLong("version_id"),
                rs.getString("source"), rs.getString("destination"), rs.getString("encryption"),
                instant(rs, "encryption_ready_at"), rs.getString("failure"),
                rs.getString("destination_secret"), instant(rs, "failing_since"));
    }

    /** What a new delivery stream starts with. */
    public record NewStream(String account, String region, String name, String arn, DeliveryStreamType type,
                            Instant now, Instant readyAt, String source, String destination, String secret,
                            String encryption) {
    }

    /** The new stream, or empty when the name is taken. */
    public Optional<DeliveryStream> insert(NewStream s) {
        return jdbc.sql("""
                        insert into delivery_stream (account_id, region, name, arn, stream_type, created_at, ready_at,
                                                     source, destination, destination_secret, encryption,
                                                     encryption_ready_at)
                        values (:account, :region, :name, :arn, :type, :now, :ready, :source, :destination, :secret,
                                :encryption, :ready)
                        on conflict (account_id, region, name) do nothing
                        returning *""")
                .param("account", s.account()).param("region", s.region()).param("name", s.name())
                .param("arn", s.arn()).param("type", s.type().toString()).param("now", Timestamp.from(s.now()))
                .param("ready", Timestamp.from(s.readyAt())).param("source", s.source())
                .param("destination", s.destination()).param("secret", s.secret()).param("encryption", s.encryption())
                .query(DeliveryStreamStore::row).optional();
    }

    public Optional<DeliveryStream> find(String account, String region, String name) {
        return jdbc.sql("select * from delivery_stream where account_id = ? and region = ? and name = ?")
                .params(account, region, name).query(DeliveryStreamStore::row).optional();
    }

    public Optional<DeliveryStream> findById(long id) {
        return jdbc.sql("select * from delivery_stream where id = ?").param(id).query(DeliveryStreamStore::row).optional();
    }

    /** The stream with its row locked until the transaction ends (updates of one stream take turns). */
    public Optional<DeliveryStream> lock(String account, String region, String name) {
        return jdbc.sql("select * from delivery_stream where account_id = ? and region = ? and name = ? for update")
                .params(account, region, name).query(DeliveryStreamStore::row).optional();
    }

    /** Streams of an account and region in name order after {@code exclusiveStart}, of one type when given. */
    public List<DeliveryStream> list(String account, String region, DeliveryStreamType type, String exclusiveStart,
                                     int limit) {
        return jdbc.sql("""
                        select * from delivery_stream where account_id = :account and region = :region
                          and (cast(:type as text) is null or stream_type = :type)
                          and (cast(:after as text) is null or name > :after)
                        order by name collate "C" limit :limit""")
                .param("account", account).param("region", region).param("type", type == null ? null : type.toString())
                .param("after", exclusiveStart).param("limit", limit).query(DeliveryStreamStore::row).list();
    }

    /** Every stream of every account (the delivery worker's and the Kinesis reader's round). */
    public List<DeliveryStream> all() {
        return jdbc.sql("select * from delivery_stream order by id").query(DeliveryStreamStore::row).list();
    }

    /** A new destination configuration: the version id goes up by one. */
    public void updateDestination(long id, String destination, String secret, Instant now) {
        jdbc.sql("""
                        update delivery_stream set destination = ?, destination_secret = ?, version_id = version_id + 1,
                                                   updated_at = ?
                        where id = ?""")
                .params(destination, secret, Timestamp.from(now), id).update();
    }

    public void updateEncryption(long id, String encryption, Instant readyAt) {
        jdbc.sql("update delivery_stream set encryption = ?, encryption_ready_at = ? where id = ?")
                .params(encryption, Timestamp.from(readyAt), id).update();
    }

    /** Records (or clears, with null) why the stream cannot deliver. */
    public void setFailure(long id, String failure) {
        jdbc.sql("update delivery_stream set failure = ? where id = ? and failure is distinct from ?")
                .params(failure, id, failure).update();
    }

    /** The destination's deliveries are failing from {@code since} on, unless they were already (RetryOptions' window). */
    public void failingSince(long id, Instant since) {
        jdbc.sql("update delivery_stream set failing_since = ? where id = ? and failing_since is null")
                .params(Timestamp.from(since), id).update();
    }

    /** A delivery went through: no failure to describe, no retry window open. */
    public void delivered(long id) {
        jdbc.sql("""
                        update delivery_stream set failure = null, failing_since = null
                        where id = ? and (failure is not null or failing_since is not null)""")
                .param(id).update();
    }

    public boolean delete(long id) {
        return jdbc.sql("delete from delivery_stream where id = ?").param(id).update() > 0;
    }
}
