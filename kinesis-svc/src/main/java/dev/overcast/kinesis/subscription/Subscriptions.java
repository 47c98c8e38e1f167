package dev.overcast.kinesis.subscription;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Who holds the subscription of a consumer to a shard. A second SubscribeToShard within 5 seconds of a successful one
 * is refused; a later one takes the subscription over, and the earlier connection ends with ResourceInUseException.
 * Kept by this replica: a consumer's subscriptions to a shard reach one replica of the service only while clients
 * keep to one endpoint.
 */
@Component
public class Subscriptions {

    /** AWS's window in which a second subscription of the same consumer and shard is refused. */
    static final Duration TAKEOVER_AFTER = Duration.ofSeconds(5);

    /** A consumer (its ARN names its creation) on one shard. */
    record Key(String consumerArn, String shardId) {
    }

    private record Holder(long token, long since) {
    }

    private final Map<Key, Holder> holders = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();

    /** Takes the subscription: its token, or -1 when another was taken less than 5 seconds ago. */
    long take(Key key) {
        long token = tokens.incrementAndGet();
        long now = System.nanoTime();
        Holder taken = holders.compute(key, (k, h) ->
                h != null && now - h.since() < TAKEOVER_AFTER.toNanos() ? h : new Holder(token, now));
        return taken.token() == token ? token : -1;
    }

    /** Whether the subscription is still the one {@code token} took. */
    boolean holds(Key key, long token) {
        Holder h = holders.get(key);
        return h != null && h.token() == token;
    }

    /** Forgets a subscription that has ended (a later one may take it at once after the 5 seconds). */
    void ended(Key key, long token) {
        holders.computeIfPresent(key, (k, h) -> h.token() == token && System.nanoTime() - h.since() >= TAKEOVER_AFTER.toNanos()
                ? null : h);
    }
}
