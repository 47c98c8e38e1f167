package dev.overcast.kinesis.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A reader waiting on a shard wakes on a commit in it, not at its timeout; and no commit is missed between read and wait. */
class ShardCommitsTest {

    @Test
    void aCommitWakesTheShardsReaderAndOnlyThatShards() throws Exception {
        ShardCommits commits = new ShardCommits();
        try (ShardCommits.Reader reader = commits.reader(7, 1)) {
            long seen = reader.generation();
            CompletableFuture<Long> woken = CompletableFuture.supplyAsync(() -> {
                try {
                    reader.awaitAfter(seen, TimeUnit.MINUTES.toMillis(10));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return reader.generation();
            });
            commits.committed(7, 2); // another shard
            commits.committed(8, 1); // another stream
            assertThat(reader.generation()).isEqualTo(seen);
            commits.committed(7, 1);
            // far below the wait's ten minutes: the commit, not the timeout, ended it
            assertThat(woken.get(1, TimeUnit.MINUTES)).isEqualTo(seen + 1);
        }
    }

    @Test
    void aCommitBetweenTheReadAndTheWaitIsNotMissed() throws Exception {
        ShardCommits commits = new ShardCommits();
        try (ShardCommits.Reader reader = commits.reader(7, 1)) {
            long seen = reader.generation(); // taken before reading the shard
            commits.committed(7, 1);         // a commit the read did not see
            CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
                try {
                    reader.awaitAfter(seen, TimeUnit.MINUTES.toMillis(10));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            waited.get(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void aShardNoOneReadsKeepsNoState() {
        ShardCommits commits = new ShardCommits();
        commits.committed(7, 1);
        ShardCommits.Reader first = commits.reader(7, 1);
        ShardCommits.Reader second = commits.reader(7, 1);
        assertThat(first.generation()).isZero();
        commits.committed(7, 1);
        first.close();
        assertThat(second.generation()).isEqualTo(1); // still tracked while one reader is left
        second.close();
        try (ShardCommits.Reader again = commits.reader(7, 1)) {
            assertThat(again.generation()).isZero(); // dropped with its last reader, started afresh
        }
    }
}
