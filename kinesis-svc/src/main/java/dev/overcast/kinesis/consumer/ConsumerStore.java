package dev.overcast.kinesis.consumer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Consumers in {@code kinesis.consumer}. A consumer whose {@code gone_at} has passed no longer exists: every query
 * here leaves it out.
 */
@Repository
public class ConsumerStore {

    private static final String PRESENT = "(gone_at is null or gone_at > :now)";

    private final JdbcClient jdbc;

    public ConsumerStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Consumer row(ResultSet rs, int i) throws SQLException {
        Timestamp gone = rs.getTimestamp("gone_at");
        return new Consumer(rs.getLong("stream_id"), rs.getString("name"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("ready_at").toInstant(), gone == null ? null : gone.toInstant());
    }

    public Optional<Consumer> find(long streamId, String name, Instant now) {
        return jdbc.sql("select * from consumer where stream_id = :stream and name = :name and " + PRESENT)
                .param("stream", streamId).param("name", name).param("now", Timestamp.from(now))
                .query(ConsumerStore::row).optional();
    }

    /** The stream's consumers in name order after {@code after} (all when null), at most {@code limit}. */
    public List<Consumer> list(long streamId, String after, int limit, Instant now) {
        return jdbc.sql("select * from consumer where stream_id = :stream and " + PRESENT + """
                         and (cast(:after as text) is null or name > :after)
                        order by name collate "C" limit :limit""")
                .param("stream", streamId).param("now", Timestamp.from(now)).param("after", after).param("limit", limit)
                .query(ConsumerStore::row).list();
    }

    /** Registers a consumer, replacing a gone one of the name; empty when the name is taken. */
    public Optional<Consumer> insert(long streamId, String name, Instant now, Instant readyAt) {
        jdbc.sql("delete from consumer where stream_id = :stream and name = :name and gone_at <= :now")
                .param("stream", streamId).param("name", name).param("now", Timestamp.from(now)).update();
        return jdbc.sql("""
                        insert into consumer (stream_id, name, created_at, ready_at) values (:stream, :name, :now, :ready)
                        on conflict (stream_id, name) do nothing returning *""")
                .param("stream", streamId).param("name", name).param("now", Timestamp.from(now))
                .param("ready", Timestamp.from(readyAt)).query(ConsumerStore::row).optional();
    }

    /** Marks a consumer DELETING until {@code goneAt}; false when it was already deregistered. */
    public boolean deregister(long streamId, String name, Instant goneAt) {
        return jdbc.sql("update consumer set gone_at = ? where stream_id = ? and name = ? and gone_at is null")
                .params(Timestamp.from(goneAt), streamId, name).update() > 0;
    }

    /** The consumer's resource policy, if it has one. */
    public Optional<String> policy(long streamId, String name) {
        return jdbc.sql("select resource_policy from consumer where stream_id = ? and name = ? and resource_policy is not null")
                .params(streamId, name).query(String.class).optional();
    }

    /** Sets (or, with null, removes) the consumer's resource policy. */
    public void setPolicy(long streamId, String name, String policy) {
        jdbc.sql("update consumer set resource_policy = ? where stream_id = ? and name = ?").params(policy, streamId, name).update();
    }
}
