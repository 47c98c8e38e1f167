package dev.overcast.kinesis.shard;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Shards in {@code kinesis.shard}. */
@Repository
public class ShardStore {

    private final JdbcClient jdbc;

    public ShardStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Shard row(ResultSet rs, int i) throws SQLException {
        long ending = rs.getLong("ending_counter");
        boolean closed = !rs.wasNull();
        Timestamp closedAt = rs.getTimestamp("closed_at");
        return new Shard(rs.getLong("stream_id"), rs.getInt("shard_index"),
                rs.getBigDecimal("starting_hash_key").toBigIntegerExact(), rs.getBigDecimal("ending_hash_key").toBigIntegerExact(),
                (Integer) rs.getObject("parent_index"), (Integer) rs.getObject("adjacent_parent_index"),
                rs.getLong("starting_counter"), closed ? ending : null, rs.getLong("last_counter"),
                rs.getTimestamp("created_at").toInstant(), closedAt == null ? null : closedAt.toInstant());
    }

    /** The first shards of a new stream: {@code count} open shards splitting the hash-key space evenly. */
    public void createInitial(long streamId, int count, Instant now) {
        long counter = Counters.at(now);
        List<BigInteger[]> ranges = HashKeys.evenRanges(count);
        for (int i = 0; i < count; i++) {
            insert(streamId, i, ranges.get(i)[0], ranges.get(i)[1], null, null, counter, now);
        }
    }

    /**
     * A new open shard. Its records' counters start above {@code counter}; a child's counter is at least its
     * parents' last, so its records' sequence numbers follow theirs.
     */
    public void insert(long streamId, int index, BigInteger start, BigInteger end, Integer parent, Integer adjacentParent,
                       long counter, Instant now) {
        jdbc.sql("""
                insert into shard (stream_id, shard_index, starting_hash_key, ending_hash_key, parent_index,
                                   adjacent_parent_index, starting_counter, last_counter, created_at)
                values (:stream, :ix, :start, :end, :parent, :adjacent, :counter, :counter, :now)""")
                .param("stream", streamId).param("ix", index)
                .param("start", new BigDecimal(start)).param("end", new BigDecimal(end))
                .param("parent", parent).param("adjacent", adjacentParent)
                .param("counter", counter).param("now", Timestamp.from(now))
                .update();
    }

    /**
     * Closes an open shard: waits for its writers to commit (the row lock), then its last record's counter becomes
     * its ending counter. Returns the ending counter, or empty when the shard was closed already.
     */
    public Optional<Long> close(long streamId, int index, Instant now) {
        return jdbc.sql("""
                        update shard set closed_at = :now, ending_counter = last_counter
                        where stream_id = :stream and shard_index = :ix and closed_at is null
                        returning ending_counter""")
                .param("now", Timestamp.from(now)).param("stream", streamId).param("ix", index)
                .query(Long.class).optional();
    }

    /** The shards a closed shard was split or merged into (its children), in shard-id order. */
    public List<Shard> children(long streamId, int index) {
        return jdbc.sql("""
                        select * from shard where stream_id = :stream and (parent_index = :ix or adjacent_parent_index = :ix)
                        order by shard_index""")
                .param("stream", streamId).param("ix", index).query(ShardStore::row).list();
    }

    /** Every shard of a stream, open and closed, in shard-id order. */
    public List<Shard> all(long streamId) {
        return jdbc.sql("select * from shard where stream_id = ? order by shard_index").param(streamId)
                .query(ShardStore::row).list();
    }

    public Optional<Shard> find(long streamId, int index) {
        return jdbc.sql("select * from shard where stream_id = ? and shard_index = ?").params(streamId, index)
                .query(ShardStore::row).optional();
    }

    /**
     * Takes {@code n} counters of an open shard for records written now: locks the shard's row until the commit
     * (so its records commit in counter order) and returns the first counter. The counters are above the shard's
     * last one and above {@code floor}, and at least the microseconds of {@code now}.
     */
    public Optional<Long> reserve(long streamId, int index, int n, long floor) {
        return jdbc.sql("""
                        update shard set last_counter = greatest(last_counter, :floor) + :n
                        where stream_id = :stream and shard_index = :ix and closed_at is null
                        returning last_counter""")
                .param("floor", floor).param("n", n).param("stream", streamId).param("ix", index)
                .query(Long.class).optional().map(last -> last - n + 1);
    }
}
