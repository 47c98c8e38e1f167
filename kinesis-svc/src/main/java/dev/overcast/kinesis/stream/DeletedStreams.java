package dev.overcast.kinesis.stream;

import dev.overcast.common.time.SuiteClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes the rows of deleted streams once their DELETING phase is over (shards, records, consumers and tags go with
 * them by cascade). Until then every action already treats such a stream as gone, so when this runs does not change
 * what a client sees; a purge is one statement, idempotent, and safe with several replicas.
 */
@Component
public class DeletedStreams {

    private static final Logger log = LoggerFactory.getLogger(DeletedStreams.class);

    private final StreamStore store;
    private final SuiteClock clock;

    public DeletedStreams(StreamStore store, SuiteClock clock) {
        this.store = store;
        this.clock = clock;
        clock.onAdvance(this::scheduled);
    }

    @Scheduled(fixedDelayString = "${overcast.kinesis.deleted-stream-purge-interval:10s}",
            initialDelayString = "${overcast.kinesis.deleted-stream-purge-interval:10s}")
    public void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("Purging deleted Kinesis streams failed", e);
        }
    }

    /** Removes every stream past its DELETING phase; returns how many. */
    public int purge() {
        return store.purge(null, null, null, clock.now());
    }
}
