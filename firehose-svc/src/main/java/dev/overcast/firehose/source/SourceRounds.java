package dev.overcast.firehose.source;

import dev.overcast.common.db.JobLock;
import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.deliverystream.DeliveryStreamStore;
import dev.overcast.firehose.record.BufferStore;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamFailureType;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.FailureDescription;

/**
 * What the source readers (Kinesis, MSK) share: a round over the active delivery streams of their type, each read by
 * one replica at a time (a {@link JobLock} per stream), a failure described on the stream until a read succeeds; and the
 * step that buffers records and moves the source's checkpoints in one transaction.
 */
@Component
public class SourceRounds {

    private static final Logger LOG = LoggerFactory.getLogger(SourceRounds.class);

    private final DeliveryStreamStore streams;
    private final BufferStore buffer;
    private final SourceCheckpoints checkpoints;
    private final TransactionTemplate tx;
    private final JobLock jobs;
    private final SuiteClock clock;

    public SourceRounds(DeliveryStreamStore streams, BufferStore buffer, SourceCheckpoints checkpoints,
                        TransactionTemplate tx, DataSource dataSource, SuiteClock clock) {
        this.streams = streams;
        this.buffer = buffer;
        this.checkpoints = checkpoints;
        this.tx = tx;
        this.jobs = new JobLock(dataSource);
        this.clock = clock;
    }

    /**
     * Reads each active delivery stream of the type with {@code read}; a failure is described on the stream (naming
     * {@code source(stream)}) and handed to {@code failed}. The streams of every type, for the reader's own clean-up.
     */
    public List<DeliveryStream> round(DeliveryStreamType type, Function<DeliveryStream, String> source,
                                      Consumer<DeliveryStream> read, Consumer<DeliveryStream> failed) {
        List<DeliveryStream> all = streams.all();
        for (DeliveryStream s : all) {
            if (s.type() == type && s.status(clock.now()) == DeliveryStreamStatus.ACTIVE) {
                try {
                    jobs.runExclusively("firehose-source-" + s.id(), () -> {
                        read.accept(s);
                        streams.setFailure(s.id(), null);
                    });
                } catch (RuntimeException e) {
                    LOG.info("delivery stream {}: cannot read its source {}: {}", s.arn(), source.apply(s), e.toString());
                    failed.accept(s);
                    streams.setFailure(s.id(), ModelJson.write(FailureDescription.builder()
                            .type(DeliveryStreamFailureType.UNKNOWN_ERROR)
                            .details("Could not read from " + source.apply(s) + ": " + e.getMessage()).build()));
                }
            }
        }
        return all;
    }

    /** The source's positions (shard or partition to checkpoint). */
    public Map<String, String> positions(long streamId) {
        return checkpoints.of(streamId);
    }

    /** Buffers records (each list one batch) and moves their checkpoints on, in one transaction. */
    public void take(long streamId, Map<String, String> movedCheckpoints, List<List<byte[]>> batches) {
        tx.executeWithoutResult(status -> {
            for (List<byte[]> data : batches) {
                if (!data.isEmpty()) {   // a page of KPL aggregates may hold no user record
                    buffer.append(streamId, clock.now(), data);
                }
            }
            movedCheckpoints.forEach((position, value) -> checkpoints.save(streamId, position, value));
        });
    }
}
