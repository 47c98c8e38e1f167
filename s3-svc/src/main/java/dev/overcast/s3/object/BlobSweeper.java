package dev.overcast.s3.object;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes the chunks of orphaned blobs (see {@link ChunkStore#sweepOrphans}) every second or so. */
@Component
public class BlobSweeper {

    private static final Logger log = LoggerFactory.getLogger(BlobSweeper.class);

    private final ChunkStore chunks;

    public BlobSweeper(ChunkStore chunks) {
        this.chunks = chunks;
    }

    @Scheduled(fixedDelayString = "${overcast.s3.blob-sweep-interval:1s}",
            initialDelayString = "${overcast.s3.blob-sweep-interval:1s}")
    public void sweep() {
        try {
            chunks.sweepOrphans();
        } catch (RuntimeException e) {
            log.warn("Sweeping orphaned blobs failed (the next sweep takes them up again)", e);
        }
    }
}
