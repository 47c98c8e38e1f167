package dev.overcast.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    @Test
    void aWriterAloneCommitsAtOnceAndWritersArrivingMeanwhileFormTheNextGroup() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<List<Integer>> groups = new CopyOnWriteArrayList<>();
        GroupCommit<Integer> commit = new GroupCommit<>(members -> {
            groups.add(List.copyOf(members));
            if (members.contains(0)) {
                firstStarted.countDown();
                try {
                    releaseFirst.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, 64, 1);
        ExecutorService pool = Executors.newFixedThreadPool(11);
        try {
            Future<?> first = pool.submit(() -> commit.submit(0));
            assertThat(firstStarted.await(60, TimeUnit.SECONDS)).isTrue(); // alone: its group runs with no wait
            List<Future<?>> rest = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                int member = i;
                rest.add(pool.submit(() -> commit.submit(member)));
            }
            while (commit.queued() < 10) {
                Thread.sleep(10);
            }
            assertThat(rest).noneMatch(Future::isDone); // none is answered before its group ran
            releaseFirst.countDown();
            first.get(60, TimeUnit.SECONDS);
            for (Future<?> f : rest) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0)).containsExactly(0);
        assertThat(groups.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void aGroupThatFailsAsAWholeFailsEachOfItsWriters() {
        GroupCommit<String> commit = new GroupCommit<>(members -> {
            throw new IllegalStateException("commit failed");
        }, 8, 2);
        assertThatThrownBy(() -> commit.submit("a")).isInstanceOf(IllegalStateException.class).hasMessage("commit failed");
        assertThatThrownBy(() -> new GroupCommit<String>(m -> { }, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // before the fix the second writer waited for ever
    void aCommitThatThrowsAnErrorFailsItsGroupAndTheQueueGoesOn() {
        List<String> written = new CopyOnWriteArrayList<>();
        GroupCommit<String> commit = new GroupCommit<>(members -> {
            if (members.contains("bad")) {
                throw new NoSuchMethodError("a class of another build");
            }
            written.addAll(members);
        }, 8, 1);
        assertThatThrownBy(() -> commit.submit("bad")).isInstanceOf(IllegalStateException.class)
                .hasCauseInstanceOf(NoSuchMethodError.class);
        commit.submit("good"); // the lead was handed back: this writer leads at once instead of waiting for ever
        assertThat(written).containsExactly("good");
    }
}
