package dev.overcast.common.db;

import dev.overcast.common.error.AwsException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Control-plane rows (a DynamoDB table, an S3 bucket) kept in memory for a service's hot paths, so that a GetItem or
 * a GetObject does not read its table or bucket in a round trip of its own. A cached row is never acted on unchecked:
 * the operation's own statement checks that the row is still the version it was read at (its {@code xmin}, see
 * {@link #VERSION}) and throws {@link Stale} when it is not; the row is then read again and the operation run again.
 * So several replicas of a service stay right: a row changed or deleted by another process fails the check. A
 * process that changes a row evicts it, so that its own next request needs no retry.
 *
 * @param <K> what a row is looked up by
 * @param <V> the row
 */
public final class VersionedRowCache<K, V> {

    /** The row version a cached row carries: select it as {@code version} with the row. */
    public static final String VERSION = "xmin::text::bigint";

    /**
     * Thrown by a hot path's statement that found its row changed or gone since it was cached: {@link #with} reads
     * the row again and runs the operation again. The operation must have changed nothing durable when it throws.
     */
    public static final class Stale extends RuntimeException {
        public static final Stale INSTANCE = new Stale();

        private Stale() {
            super("the row changed since it was cached", null, false, false);
        }
    }

    private static final int CAPACITY = 10_000;
    private static final int ATTEMPTS = 10;

    private final Map<K, V> rows = new ConcurrentHashMap<>();
    private final Function<K, Optional<V>> reader;
    private final ToLongFunction<V> version;

    /**
     * @param reader  reads a row from the database (empty when there is none)
     * @param version the version a row was read at
     */
    public VersionedRowCache(Function<K, Optional<V>> reader, ToLongFunction<V> version) {
        this.reader = reader;
        this.version = version;
    }

    /** Reads the row from the database, and keeps what it read for the hot paths. */
    public Optional<V> read(K key) {
        Optional<V> found = reader.apply(key);
        if (found.isPresent()) {
            if (rows.size() > CAPACITY) {
                rows.clear();
            }
            rows.put(key, found.get());
        } else {
            rows.remove(key);
        }
        return found;
    }

    /** Forgets a row changed or deleted here. */
    public void evict(K key) {
        rows.remove(key);
    }

    /** Forgets the rows changed or deleted here that match. */
    public void evictIf(Predicate<V> changed) {
        rows.values().removeIf(changed);
    }

    /**
     * Runs a hot path on the row: the cached one when there is one, else (or when that one proved stale) one read
     * now. A request refused against the row as cached (an {@link AwsException} from {@code require} or from the
     * operation) stands only if the row is still that version.
     *
     * @param require   checks the row for this request, throwing the service's error (empty: there is no such row)
     * @param operation the hot path; its statements check the row's version and throw {@link Stale}
     */
    public <T> T with(K key, Function<Optional<V>, V> require, Function<V, T> operation) {
        V cached = rows.get(key);
        if (cached != null) {
            try {
                return operation.apply(require.apply(Optional.of(cached)));
            } catch (Stale e) {
                // changed or deleted since it was cached: read it again below
            } catch (AwsException e) {
                if (read(key).map(version::applyAsLong).orElse(-1L) == version.applyAsLong(cached)) {
                    throw e;
                }
            }
        }
        for (int attempt = 1; ; attempt++) {
            V fresh = require.apply(read(key));
            try {
                return operation.apply(fresh);
            } catch (Stale e) {
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("the row of " + key + " keeps changing", e);
                }
            }
        }
    }
}
