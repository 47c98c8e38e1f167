package dev.overcast.kinesis.shard;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Tells the readers waiting on a shard in this process that records have committed in it, so that a SubscribeToShard
 * event goes out as soon as the put's transaction has committed instead of at a reader's next poll. Each shard a
 * reader waits on has a generation, moved on by every commit of records in it; a reader takes the generation before it
 * reads and waits only while it is unchanged, so a commit between its read and its wait is never missed. Commits made
 * by another replica are not signalled here: a waiter's timeout bounds how late it sees them.
 */
@Component
public class ShardCommits {

    private record Key(long streamId, int index) {
    }

    private static final class Generation {
        private long value;
        private int waiters;
    }

    private final ConcurrentHashMap<Key, Generation> generations = new ConcurrentHashMap<>();

    /** Records have committed in the shard: its waiters wake. A shard no one waits on costs one map lookup. */
    public void committed(long streamId, int index) {
        Generation g = generations.get(new Key(streamId, index));
        if (g != null) {
            synchronized (g) {
                g.value++;
                g.notifyAll();
            }
        }
    }

    /** A reader of the shard, from now until {@link Reader#close}. */
    public Reader reader(long streamId, int index) {
        Key key = new Key(streamId, index);
        Generation g = generations.compute(key, (k, existing) -> {
            Generation found = existing == null ? new Generation() : existing;
            synchronized (found) {
                found.waiters++;
            }
            return found;
        });
        return new Reader(key, g);
    }

    /** One reader's view of a shard's commits. */
    public final class Reader implements AutoCloseable {
        private final Key key;
        private final Generation generation;

        private Reader(Key key, Generation generation) {
            this.key = key;
            this.generation = generation;
        }

        /** The shard's generation now: take it before reading the shard. */
        public long generation() {
            synchronized (generation) {
                return generation.value;
            }
        }

        /** Waits until a commit moves the shard past {@code seen}, or the timeout passes. */
        public void awaitAfter(long seen, long timeoutMillis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            synchronized (generation) {
                for (long left = timeoutMillis; generation.value == seen && left > 0;
                     left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                    generation.wait(left);
                }
            }
        }

        @Override
        public void close() {
            generations.computeIfPresent(key, (k, g) -> {
                synchronized (g) {
                    return --g.waiters == 0 ? null : g;
                }
            });
        }
    }
}
