package dev.overcast.firehose.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.firehose.FirehoseTestService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A group of puts whose commit fails with its outcome unknown (here: the commit went through, then the connection
 * "broke" before the answer): every put of the group fails, and none is written again on its own, which would buffer
 * its records twice.
 */
class BufferCommitTest {

    @Test
    void aFailedCommitFailsItsGroupWithoutWritingItsMembersAgain() throws Exception {
        String name = FirehoseTestService.name("commit");
        String bucket = FirehoseTestService.bucket();
        FirehoseTestService.client().createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN("arn:aws:iam::000000000000:role/f")
                        .bufferingHints(h -> h.sizeInMBs(128).intervalInSeconds(900))));
        JdbcTemplate jdbc = FirehoseTestService.jdbc();
        long streamId = jdbc.queryForObject("select id from delivery_stream where name = ?", Long.class, name);

        // every commit reaches PostgreSQL, then throws; the first one waits until the other puts are queued
        CountDownLatch queued = new CountDownLatch(1);
        AtomicInteger commits = new AtomicInteger();
        DataSource ds = jdbc.getDataSource();
        DataSourceTransactionManager brokenAfterCommit = new DataSourceTransactionManager(ds) {
            @Override
            protected void doCommit(DefaultTransactionStatus status) {
                super.doCommit(status);
                if (commits.getAndIncrement() == 0) {
                    try {
                        queued.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                throw new TransactionSystemException("I/O error: the connection broke while committing");
            }
        };
        BufferStore store = new BufferStore(JdbcClient.create(jdbc), jdbc, new TransactionTemplate(brokenAfterCommit),
                FirehoseTestService.bean(dev.overcast.firehose.encryption.BufferKeys.class), 16, 1);

        // arrival on the suite's clock, as the service stamps it: other test classes of this JVM moved that clock on,
        // and a wall-clock arrival would look 900 s old to the delivery worker, which would deliver the first row at once
        Instant arrival = FirehoseTestService.bean(dev.overcast.common.time.SuiteClock.class).now();
        List<Thread> puts = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            byte[] data = ("put-" + i).getBytes();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    store.append(streamId, arrival, List.of(data));
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            puts.add(t);
            if (i == 0) {
                Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> commits.get() == 1);
            }
        }
        // the three later puts wait for the group in progress; then they form the next group
        Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() ->
                puts.subList(1, 4).stream().allMatch(t -> t.getState() == Thread.State.WAITING));
        queued.countDown();
        for (Thread t : puts) {
            t.join(60_000);
        }

        assertThat(commits.get()).as("one commit of the first put, one of the group of three").isEqualTo(2);
        assertThat(failures).hasSize(4).allSatisfy(e -> assertThat(e).isInstanceOf(TransactionSystemException.class));
        assertThat(jdbc.queryForList("select convert_from(substr(data, 5), 'UTF8') from buffered_batch"
                        + " where stream_id = ? order by seq", String.class, streamId))
                .as("each put's row once, as its commit left it").hasSize(4)
                .containsExactlyInAnyOrder("put-0", "put-1", "put-2", "put-3");
        assertThatThrownBy(() -> { throw failures.getFirst(); }).hasMessageContaining("connection broke");
    }
}
