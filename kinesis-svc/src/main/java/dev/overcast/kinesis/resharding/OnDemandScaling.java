package dev.overcast.kinesis.resharding;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.shard.Shard;
import dev.overcast.kinesis.shard.ShardStore;
import dev.overcast.kinesis.stream.Stream;
import dev.overcast.kinesis.stream.StreamStore;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/**
 * ON_DEMAND streams add shards under sustained write load, as AWS's on-demand mode does (it keeps capacity for double
 * the peak write it has seen). The rule implemented: every interval, each ACTIVE ON_DEMAND stream's open shards are
 * measured over the last window (a minute by default); the busiest shard that took more than half a shard's write
 * capacity on average (512 KiB/s or 500 records/s) is split in the middle of its hash-key range, so that the load it
 * carried has twice its rate as headroom again. One split per stream per round, the stream UPDATING for the status
 * delay as with SplitShard; shards are never merged back (AWS scales down only after a long quiet time). Rounds take a
 * PostgreSQL advisory lock, so replicas never scale one stream twice; each round starts from the database alone, so it
 * resumes after a restart.
 */
@Component
public class OnDemandScaling {

    private static final Logger log = LoggerFactory.getLogger(OnDemandScaling.class);

    /** The advisory lock a round holds: "kinesis" 02. */
    static final long LOCK = 0x6b696e6573697302L;
    static final double HALF_SHARD_BYTES = 512 * 1024;
    static final double HALF_SHARD_RECORDS = 500;

    private final StreamStore streams;
    private final ShardStore shards;
    private final ReshardingApi resharding;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SuiteClock clock;
    private final Duration window;

    public OnDemandScaling(StreamStore streams, ShardStore shards, ReshardingApi resharding, JdbcClient jdbc,
                           TransactionTemplate tx, SuiteClock clock,
                           @Value("${overcast.kinesis.on-demand.window:1m}") Duration window) {
        this.streams = streams;
        this.shards = shards;
        this.resharding = resharding;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.window = window;
    }

    @Scheduled(fixedDelayString = "${overcast.kinesis.on-demand.interval:10s}",
            initialDelayString = "${overcast.kinesis.on-demand.interval:10s}")
    public void scheduled() {
        try {
            scale();
        } catch (RuntimeException e) {
            log.warn("Kinesis on-demand scaling failed", e);
        }
    }

    /** One round over every ON_DEMAND stream; returns the shards split. */
    public int scale() {
        int split = 0;
        for (Stream candidate : streams.onDemand()) {
            Boolean done = tx.execute(s -> {
                if (!jdbc.sql("select pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single()) {
                    return false;
                }
                Optional<Stream> locked = streams.lock(candidate.id());
                if (locked.isEmpty() || !locked.get().active(clock.now())
                        || locked.get().mode() != StreamMode.ON_DEMAND) {
                    return false;
                }
                Optional<Shard> hot = hottest(locked.get());
                hot.ifPresent(shard -> resharding.split(locked.get(), shard, middle(shard)));
                return hot.isPresent();
            });
            if (Boolean.TRUE.equals(done)) {
                split++;
            }
        }
        return split;
    }

    /** The open shard with the most write over the window, if it took more than half a shard's capacity. */
    private Optional<Shard> hottest(Stream stream) {
        Timestamp since = Timestamp.from(clock.now().minus(window));
        double seconds = window.toMillis() / 1000.0;
        Shard hottest = null;
        double most = 1; // a shard's load as a share of half its capacity: above 1 it splits
        for (Shard shard : shards.all(stream.id())) {
            if (!shard.open() || shard.endingHashKey().subtract(shard.startingHashKey()).compareTo(BigInteger.TWO) <= 0) {
                continue;
            }
            double[] load = jdbc.sql("""
                            select count(*), coalesce(sum(octet_length(data) + octet_length(partition_key)), 0) from record
                            where stream_id = ? and shard_index = ? and arrived_at > ?""")
                    .params(stream.id(), shard.index(), since)
                    .query((rs, i) -> new double[] {rs.getLong(1) / seconds, rs.getLong(2) / seconds}).single();
            double share = Math.max(load[0] / HALF_SHARD_RECORDS, load[1] / HALF_SHARD_BYTES);
            if (share > most) {
                most = share;
                hottest = shard;
            }
        }
        return Optional.ofNullable(hottest);
    }

    private static BigInteger middle(Shard shard) {
        return shard.startingHashKey().add(shard.endingHashKey()).add(BigInteger.ONE).shiftRight(1);
    }
}
