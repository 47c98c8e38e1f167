package dev.overcast.dynamodb.stream;

import dev.overcast.common.time.SuiteClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The shards of the DynamoDB streams in {@code dynamodb.stream_shard}, with the lineage DescribeStream shows.
 * <p>
 * On DynamoDB a stream has a shard per table partition, and a shard is closed after about four hours (a child shard
 * goes on from it) or when its partition splits (two children). Here a stream starts with one shard over the whole
 * key-hash range (the first 63 bits of the MD5 of an item's partition key, so all changes of one item go to one open
 * shard, in order); an open shard is closed and continued by a child over the same range once it is four hours old
 * by the suite's clock, and is split into two children over the halves of its range once it has taken
 * {@code overcast.dynamodb.stream-split-records} records (default 100,000), the deterministic stand-in for a
 * partition that outgrew itself. Shards change only under the table's change lock (see {@link StreamWriter}).
 */
@Repository
public class ShardStore {

    /** How long DynamoDB keeps a stream shard open. */
    static final Duration SHARD_LIFETIME = Duration.ofHours(4);

    /** A shard as stored. */
    public record Shard(long ord, String streamArn, String shardId, String parentShardId, long hashStart, long hashEnd,
                        long startingSeq, Long endingSeq, long records, Instant createdAt, Instant closedAt) {

        boolean open() {
            return closedAt == null;
        }

        /** An open shard past its four hours. */
        boolean aged(Instant now) {
            return open() && !createdAt.plus(SHARD_LIFETIME).isAfter(now);
        }
    }

    private static final RowMapper<Shard> ROW = (rs, i) -> new Shard(rs.getLong("ord"), rs.getString("stream_arn"),
            rs.getString("shard_id"), rs.getString("parent_shard_id"), rs.getLong("hash_start"), rs.getLong("hash_end"),
            rs.getLong("starting_seq"), rs.getObject("ending_seq", Long.class), rs.getLong("records"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("closed_at") == null ? null : rs.getTimestamp("closed_at").toInstant());

    private final JdbcClient jdbc;
    private final SuiteClock clock;
    private final long splitRecords;

    public ShardStore(JdbcClient jdbc, SuiteClock clock,
                      @Value("${overcast.dynamodb.stream-split-records:100000}") long splitRecords) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.splitRecords = Math.max(1, splitRecords);
    }

    /** Where an item's changes go: the first 63 bits of the MD5 of its encoded partition key. */
    static long hash(byte[] partitionKey) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(partitionKey);
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (md5[i] & 0xff);
            }
            return h >>> 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The open shard that takes the next change of an item with this key hash, counted; an aged or full shard is
     * closed and continued first. Runs under the table's change lock, in the transaction of the change.
     */
    String shardFor(String streamArn, long hash) {
        Instant now = clock.now();
        while (true) {
            Shard s = jdbc.sql("""
                    update stream_shard set records = records + 1
                    where stream_arn = ? and closed_at is null and ? between hash_start and hash_end returning *""")
                    .params(streamArn, hash).query(ROW).optional().orElse(null);
            if (s == null) {
                open(streamArn, null, 0, Long.MAX_VALUE, now);
            } else if (s.aged(now)) {
                rollOver(s, now);
            } else if (s.records() > splitRecords) {
                split(s, now);
            } else {
                return s.shardId();
            }
        }
    }

    /** An open shard as {@link #assign} reads it: aged when past its four hours at the time of the assignment. */
    private record OpenShard(String streamArn, String shardId, long hashStart, long hashEnd, long records, boolean aged) {
    }

    /**
     * The open shards that take the next changes of items with these key hashes, stream by stream, counted as
     * {@link #shardFor} counts them one after the other, in two statements for all the streams. A stream whose shards
     * would change on the way ({@link #shardFor} would open its first shard, roll an aged one over or split a full one)
     * is left out, and its shards untouched: its changes go through {@link #shardFor} one by one. Runs under the
     * tables' change locks, in the transaction of the changes.
     */
    Map<String, List<String>> assign(Map<String, List<Long>> hashes, Instant now) {
        Map<String, List<OpenShard>> open = new HashMap<>();
        // only what the assignment needs, its age decided here: no timestamps to read back on every group's way
        jdbc.sql("""
                select stream_arn, shard_id, hash_start, hash_end, records, created_at + ? * interval '1 second' <= ? as aged
                from stream_shard where stream_arn = any(?) and closed_at is null order by ord""")
                .params(SHARD_LIFETIME.toSeconds(), Timestamp.from(now), hashes.keySet().toArray(String[]::new))
                .query((rs, i) -> new OpenShard(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getBoolean(6))).list()
                .forEach(s -> open.computeIfAbsent(s.streamArn(), a -> new ArrayList<>()).add(s));
        Map<String, List<String>> assigned = new HashMap<>();
        Map<OpenShard, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<String, List<Long>> stream : hashes.entrySet()) {
            Map<OpenShard, Integer> taken = new LinkedHashMap<>();
            List<String> ids = new ArrayList<>();
            for (long hash : stream.getValue()) {
                OpenShard s = open.getOrDefault(stream.getKey(), List.of()).stream()
                        .filter(o -> hash >= o.hashStart() && hash <= o.hashEnd()).findFirst().orElse(null);
                if (s == null || s.aged() || s.records() + taken.merge(s, 1, Integer::sum) > splitRecords) {
                    ids = null;
                    break;
                }
                ids.add(s.shardId());
            }
            if (ids != null) {
                assigned.put(stream.getKey(), ids);
                counts.putAll(taken);
            }
        }
        if (!counts.isEmpty()) {
            jdbc.sql("""
                    update stream_shard s set records = s.records + c.n
                    from unnest(?::text[], ?::text[], ?::bigint[]) c(stream_arn, shard_id, n)
                    where s.stream_arn = c.stream_arn and s.shard_id = c.shard_id""")
                    .params(counts.keySet().stream().map(OpenShard::streamArn).toArray(String[]::new),
                            counts.keySet().stream().map(OpenShard::shardId).toArray(String[]::new),
                            counts.values().stream().map(Integer::longValue).toArray(Long[]::new))
                    .update();
        }
        return assigned;
    }

    /**
     * Brings the stream's shards up to now before they are read: the first shard of a stream opened, aged shards
     * rolled over; every shard closed once the stream is disabled. Under the table's change lock.
     */
    void refresh(String streamArn, boolean enabled) {
        Instant now = clock.now();
        List<Shard> open = jdbc.sql("select * from stream_shard where stream_arn = ? and closed_at is null order by ord")
                .param(streamArn).query(ROW).list();
        if (!enabled) {
            open.forEach(s -> close(s, now, 0));
            return;
        }
        if (open.isEmpty() && !exists(streamArn)) {
            open(streamArn, null, 0, Long.MAX_VALUE, now);
        }
        open.stream().filter(s -> s.aged(now)).forEach(s -> rollOver(s, now));
    }

    /** Whether the stream's shards need {@link #refresh} before a read: an aged open shard, or none at all. */
    boolean stale(String streamArn, boolean enabled) {
        Instant now = clock.now();
        List<Shard> open = jdbc.sql("select * from stream_shard where stream_arn = ? and closed_at is null")
                .param(streamArn).query(ROW).list();
        if (!enabled) {
            return !open.isEmpty();
        }
        return open.stream().anyMatch(s -> s.aged(now)) || (open.isEmpty() && !exists(streamArn));
    }

    private boolean exists(String streamArn) {
        return jdbc.sql("select count(*) from stream_shard where stream_arn = ?").param(streamArn).query(Long.class).single() > 0;
    }

    public Optional<Shard> find(String streamArn, String shardId) {
        return jdbc.sql("select * from stream_shard where stream_arn = ? and shard_id = ?").params(streamArn, shardId)
                .query(ROW).optional();
    }

    /**
     * A page of the stream's shards in the order they were opened (parents before children), after the given shard:
     * shards that closed before the retention period began are no longer shown, as on DynamoDB.
     */
    List<Shard> list(String streamArn, String exclusiveStartShardId, int limit, Duration retention) {
        return jdbc.sql("""
                select * from stream_shard where stream_arn = ?
                  and ord > coalesce((select ord from stream_shard where stream_arn = ? and shard_id = ?), 0)
                  and (closed_at is null or closed_at > ?)
                order by ord limit ?""")
                .params(streamArn, streamArn, exclusiveStartShardId, Timestamp.from(clock.now().minus(retention)), limit)
                .query(ROW).list();
    }

    private void rollOver(Shard s, Instant now) {
        close(s, now, 1);
        open(s.streamArn(), s.shardId(), s.hashStart(), s.hashEnd(), now);
    }

    private void split(Shard s, Instant now) {
        close(s, now, 1);
        long middle = s.hashStart() + (s.hashEnd() - s.hashStart()) / 2;
        open(s.streamArn(), s.shardId(), s.hashStart(), middle, now);
        open(s.streamArn(), s.shardId(), middle + 1, s.hashEnd(), now);
    }

    /**
     * Closes a shard: its ending sequence number is its last record's (its starting one when it took none). The
     * record counted for a change that goes to a child instead is taken back.
     */
    private void close(Shard s, Instant now, int uncount) {
        jdbc.sql("""
                update stream_shard set closed_at = ?, records = records - ?,
                    ending_seq = coalesce((select max(seq) from stream_record where stream_arn = ? and shard_id = ?), starting_seq)
                where stream_arn = ? and shard_id = ?""")
                .params(Timestamp.from(now), uncount, s.streamArn(), s.shardId(), s.streamArn(), s.shardId()).update();
    }

    /**
     * Opens a shard: its id as DynamoDB shapes them ({@code shardId-<20 digits>-<8 hex>}: its creation time and a hash
     * of its place in the lineage), its starting sequence number drawn from the records' sequence, so below every
     * record it will take.
     */
    private void open(String streamArn, String parent, long hashStart, long hashEnd, Instant now) {
        String shardId = String.format("shardId-%020d-%08x", now.toEpochMilli(),
                hash((streamArn + "|" + parent + "|" + hashStart).getBytes(StandardCharsets.UTF_8)) & 0xffffffffL);
        jdbc.sql("""
                insert into stream_shard (stream_arn, shard_id, parent_shard_id, hash_start, hash_end, starting_seq, created_at)
                values (?, ?, ?, ?, ?, nextval(pg_get_serial_sequence('stream_record', 'seq')), ?)""")
                .params(streamArn, shardId, parent, hashStart, hashEnd, Timestamp.from(now)).update();
    }
}
