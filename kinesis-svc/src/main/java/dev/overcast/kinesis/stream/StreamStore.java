package dev.overcast.kinesis.stream;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Streams in {@code kinesis.stream}. */
@Repository
public class StreamStore {

    private final JdbcClient jdbc;

    public StreamStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Stream row(ResultSet rs, int i) throws SQLException {
        return new Stream(rs.getLong("id"), rs.getString("account_id"), rs.getString("region"), rs.getString("name"),
                StreamMode.fromValue(rs.getString("mode")), rs.getInt("retention_hours"), rs.getString("encryption_type"),
                rs.getString("key_id"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("ready_at").toInstant(),
                StreamStatus.fromValue(rs.getString("pending_status")),
                List.of((String[]) rs.getArray("shard_level_metrics").getArray()), rs.getInt("max_record_size_kib"));
    }

    /** A new stream with {@code shards} shards to come; empty when the name is taken. */
    public Optional<Stream> insert(String account, String region, String name, StreamMode mode, int shards,
                                   int maxRecordSizeKib, Instant now, Instant readyAt) {
        return jdbc.sql("""
                        insert into stream (account_id, region, name, mode, created_at, ready_at, next_shard_index,
                                            max_record_size_kib)
                        values (:account, :region, :name, :mode, :now, :ready, :shards, :kib)
                        on conflict (account_id, region, name) do nothing
                        returning *""")
                .param("kib", maxRecordSizeKib)
                .param("account", account).param("region", region).param("name", name).param("mode", mode.toString())
                .param("now", Timestamp.from(now)).param("ready", Timestamp.from(readyAt)).param("shards", shards)
                .query(StreamStore::row).optional();
    }

    public Optional<Stream> find(String account, String region, String name) {
        return jdbc.sql("select * from stream where account_id = ? and region = ? and name = ?")
                .params(account, region, name).query(StreamStore::row).optional();
    }

    public Optional<Stream> findById(long id) {
        return jdbc.sql("select * from stream where id = ?").param(id).query(StreamStore::row).optional();
    }

    /**
     * Streams of an account and region in name order, after {@code exclusiveStart} when given; those deleted and past
     * their DELETING phase left out.
     */
    public List<Stream> list(String account, String region, String exclusiveStart, int limit, Instant now) {
        return jdbc.sql("""
                        select * from stream where account_id = :account and region = :region
                          and (cast(:after as text) is null or name > :after)
                          and not (pending_status = 'DELETING' and ready_at <= :now)
                        order by name collate "C" limit :limit""")
                .param("account", account).param("region", region).param("after", exclusiveStart).param("limit", limit)
                .param("now", Timestamp.from(now)).query(StreamStore::row).list();
    }

    /** The stream, its row locked until the transaction ends (resharding operations of one stream take turns). */
    public Optional<Stream> lock(long id) {
        return jdbc.sql("select * from stream where id = ? for update").param(id).query(StreamStore::row).optional();
    }

    /**
     * Marks the stream UPDATING until {@code readyAt} and takes {@code n} shard indexes for new shards; returns the
     * first of them.
     */
    public int startUpdate(long id, Instant readyAt, int n) {
        return jdbc.sql("""
                        update stream set pending_status = 'UPDATING', ready_at = :ready, next_shard_index = next_shard_index + :n
                        where id = :id returning next_shard_index - :n""")
                .param("ready", Timestamp.from(readyAt)).param("n", n).param("id", id).query(Integer.class).single();
    }

    /** A new capacity mode; the stream is UPDATING until {@code readyAt}. */
    public void setMode(long id, StreamMode mode, Instant readyAt) {
        jdbc.sql("update stream set mode = ?, pending_status = 'UPDATING', ready_at = ? where id = ?")
                .params(mode.toString(), Timestamp.from(readyAt), id).update();
    }

    /** A new largest record size; the stream is UPDATING until {@code readyAt}. */
    public void setMaxRecordSize(long id, int kib, Instant readyAt) {
        jdbc.sql("update stream set max_record_size_kib = ?, pending_status = 'UPDATING', ready_at = ? where id = ?")
                .params(kib, Timestamp.from(readyAt), id).update();
    }

    /** Notes a change of the stream's capacity ({@code SHARD_COUNT}, {@code MODE}) for the rolling 24-hour limits. */
    public void recordChange(long id, String kind, Instant at) {
        jdbc.sql("insert into stream_change (stream_id, kind, at) values (?, ?, ?)").params(id, kind, Timestamp.from(at)).update();
    }

    /** The stream's changes of a kind since {@code since}. */
    public int changesSince(long id, String kind, Instant since) {
        return jdbc.sql("select count(*) from stream_change where stream_id = ? and kind = ? and at > ?")
                .params(id, kind, Timestamp.from(since)).query(Integer.class).single();
    }

    /** ACTIVE-or-not ON_DEMAND streams, every account (the on-demand scaler's round). */
    public List<Stream> onDemand() {
        return jdbc.sql("select * from stream where mode = 'ON_DEMAND' and pending_status <> 'DELETING' order by id")
                .query(StreamStore::row).list();
    }

    public void setShardLevelMetrics(long id, List<String> metrics) {
        jdbc.sql("update stream set shard_level_metrics = ?::text[] where id = ?")
                .params("{" + String.join(",", metrics) + "}", id).update();
    }

    /** Records the encryption (KMS and its key id, or NONE) and marks the stream UPDATING until {@code readyAt}. */
    public void setEncryption(long id, String type, String keyId, Instant readyAt) {
        jdbc.sql("""
                        update stream set encryption_type = ?, key_id = ?, pending_status = 'UPDATING', ready_at = ?
                        where id = ?""")
                .params(type, keyId, Timestamp.from(readyAt), id).update();
    }

    /** The stream's resource policy, if it has one. */
    public Optional<String> policy(long id) {
        return jdbc.sql("select resource_policy from stream where id = ? and resource_policy is not null").param(id)
                .query(String.class).optional();
    }

    /** Sets (or, with null, removes) the stream's resource policy. */
    public void setPolicy(long id, String policy) {
        jdbc.sql("update stream set resource_policy = ? where id = ?").params(policy, id).update();
    }

    /** The stream's consumers, those deregistered and gone left out (DescribeStreamSummary, DeleteStream, the limit of 20). */
    public int consumerCount(long id, Instant now) {
        return jdbc.sql("select count(*) from consumer where stream_id = ? and (gone_at is null or gone_at > ?)")
                .params(id, Timestamp.from(now)).query(Integer.class).single();
    }

    /**
     * DeleteStream: the stream is DELETING until {@code goneAt}, its consumers with it; after that it is gone to every
     * action, and {@link #purge} removes it with its shards, records and consumers.
     */
    public void markDeleted(long id, Instant goneAt) {
        Timestamp at = Timestamp.from(goneAt);
        jdbc.sql("update stream set pending_status = 'DELETING', ready_at = ? where id = ?").params(at, id).update();
        jdbc.sql("update consumer set gone_at = least(coalesce(gone_at, ?), ?) where stream_id = ?").params(at, at, id).update();
    }

    /** Removes streams past their DELETING phase (of one name, or all with {@code name} null); returns how many. */
    public int purge(String account, String region, String name, Instant now) {
        return jdbc.sql("""
                        delete from stream where pending_status = 'DELETING' and ready_at <= :now
                          and (cast(:name as text) is null or (account_id = :account and region = :region and name = :name))""")
                .param("now", Timestamp.from(now)).param("account", account).param("region", region).param("name", name)
                .update();
    }

    public void setRetention(long id, int hours) {
        jdbc.sql("update stream set retention_hours = ? where id = ?").params(hours, id).update();
    }

    /** Open shards of every stream of the account in the region (the shard limit counts them). */
    public int openShards(String account, String region) {
        return jdbc.sql("""
                        select count(*) from shard h join stream s on s.id = h.stream_id
                        where s.account_id = ? and s.region = ? and h.closed_at is null and s.pending_status <> 'DELETING'""")
                .params(account, region).query(Integer.class).single();
    }

    public int onDemandStreams(String account, String region) {
        return jdbc.sql("""
                        select count(*) from stream
                        where account_id = ? and region = ? and mode = 'ON_DEMAND' and pending_status <> 'DELETING'""")
                .params(account, region).query(Integer.class).single();
    }
}
