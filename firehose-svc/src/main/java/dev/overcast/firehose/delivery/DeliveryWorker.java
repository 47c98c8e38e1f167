package dev.overcast.firehose.delivery;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.bus.BusEvent;
import dev.overcast.common.bus.Outbox;
import dev.overcast.common.db.JobLock;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.firehose.conversion.GlueSchemas;
import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.deliverystream.DeliveryStreamStore;
import dev.overcast.firehose.destination.ModelTrees;
import dev.overcast.firehose.processing.Processors;
import dev.overcast.firehose.record.BufferStore;
import dev.overcast.firehose.record.BufferStore.Fill;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.firehose.model.BufferingHints;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamFailureType;
import software.amazon.awssdk.services.firehose.model.DestinationDescription;
import software.amazon.awssdk.services.firehose.model.FailureDescription;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivers buffers that are due: a stream's buffer is due when it holds BufferingHints' SizeInMBs or its oldest record
 * is IntervalInSeconds old by the suite's clock. One replica delivers a stream at a time (a {@link JobLock} per
 * stream); delivered records leave the buffer in the transaction that writes the delivery's event, so a crash between
 * the S3 write and that commit delivers them again (at least once, as Firehose promises) and loses nothing.
 */
@Component
public class DeliveryWorker {

    public static final String TOPIC = "overcast.firehose.delivery";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final long MIB = 1024L * 1024;
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(2);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DeliveryStreamStore streams;
    private final BufferStore buffer;
    private final S3Delivery s3;
    private final HttpEndpointDelivery http;
    private final OpenSearchDelivery openSearch;
    private final SplunkDelivery splunk;
    private final RedshiftDelivery redshift;
    private final TransactionTemplate tx;
    private final JobLock jobs;
    private final SuiteClock clock;
    private final Outbox outbox;
    private final DeliveryMetrics metrics;
    /** Per stream, when (in real time) a failed delivery may be tried again. */
    private final Map<Long, Long> retryAt = new ConcurrentHashMap<>();

    public DeliveryWorker(DeliveryStreamStore streams, BufferStore buffer, S3Objects s3, Processors processors,
                          GlueSchemas glue, TransactionTemplate tx, DataSource dataSource, SuiteClock clock, Outbox outbox,
                          DeliveryMetrics metrics,
                          @Value("${overcast.firehose.active-partitions:500}") int activePartitions) {
        this.streams = streams;
        this.buffer = buffer;
        this.s3 = new S3Delivery(s3, processors, glue, activePartitions);
        RetryingDelivery retrying = new RetryingDelivery(this.s3, clock::now);
        this.http = new HttpEndpointDelivery(retrying, clock::now);
        this.openSearch = new OpenSearchDelivery(retrying);
        this.splunk = new SplunkDelivery(retrying);
        this.redshift = new RedshiftDelivery(retrying, this.s3, s3);
        this.tx = tx;
        this.jobs = new JobLock(dataSource);
        this.clock = clock;
        this.outbox = outbox;
        this.metrics = metrics;
        clock.onAdvance(this::poll);
    }

    /** One round over the streams whose buffers hold records. */
    @Scheduled(fixedDelayString = "${overcast.firehose.delivery-poll}")
    public void poll() {
        for (Fill fill : buffer.fills()) {
            Long after = retryAt.get(fill.streamId());
            if (after != null && System.nanoTime() - after < 0) {
                continue;
            }
            try {
                jobs.runExclusively("firehose-delivery-" + fill.streamId(), () -> drain(fill.streamId()));
            } catch (RuntimeException e) {
                LOG.warn("delivery of stream {} failed: {}", fill.streamId(), e.toString());
            }
        }
    }

    /** Delivers the stream's buffer while it is due, one object (of at most SizeInMBs) at a time. */
    private void drain(long streamId) {
        while (true) {
            DeliveryStream stream = streams.findById(streamId).orElse(null);
            Fill fill = buffer.fill(streamId).orElse(null);
            if (stream == null || fill == null) {
                return;
            }
            DestinationDescription d = stream.destinationDescription();
            BufferingHints hints = hints(d);
            long size = hints.sizeInMBs() * MIB;
            Instant now = clock.now();
            metrics.bufferAge(stream.name(), Math.max(0, Duration.between(fill.oldest(), now).toMillis() / 1000.0));
            if (fill.bytes() < size && now.isBefore(fill.oldest().plusSeconds(hints.intervalInSeconds()))) {
                return;
            }
            BufferStore.Taken taken = new BufferStore.Taken();
            S3Delivery.Delivery delivery;
            try {
                // the first read counts what the delivery takes; a destination may read the same records again
                boolean[] first = {true};
                S3Delivery.Source source = each -> {
                    BufferStore.Taken counted = first[0] ? taken : new BufferStore.Taken();
                    first[0] = false;
                    buffer.read(streamId, size, counted, each);
                };
                delivery = deliver(stream, d, source);
            } catch (RuntimeException e) {
                failed(stream, target(d), taken, e, e instanceof RetryingDelivery.RetryLater ? now : null);
                return;
            }
            if (taken.records() == 0) {
                return;
            }
            long bytes = taken.bytes();
            tx.executeWithoutResult(s -> {
                buffer.remove(streamId, taken);
                streams.delivered(streamId);
                ObjectNode data = data(stream, taken.records(), bytes).put("failedRecords", delivery.failedRecords());
                var objects = data.putArray("objects");
                delivery.objects().forEach(w -> objects.addObject().put("bucketARN", w.bucketArn()).put("key", w.key())
                        .put("bytes", w.bytes()));
                outbox.append(event(stream, "aws.firehose.Delivery:Succeeded",
                        delivery.objects().isEmpty() ? null : delivery.objects().getFirst().key(), data));
            });
            retryAt.remove(streamId);
            metrics.delivered(stream.name(), taken.records(), bytes);
            metrics.bufferAge(stream.name(), 0);
        }
    }

    /** A delivery of the records {@code source} reads to the stream's destination, streamed. */
    private S3Delivery.Delivery deliver(DeliveryStream stream, DestinationDescription d, S3Delivery.Source source) {
        Instant failingSince = stream.failingSince();
        if (d.httpEndpointDestinationDescription() != null) {
            return http.deliver(stream, d.httpEndpointDestinationDescription(), source, failingSince);
        }
        if (d.redshiftDestinationDescription() != null) {
            return redshift.deliver(stream, d.redshiftDestinationDescription(), source, failingSince);
        }
        if (d.splunkDestinationDescription() != null) {
            return splunk.deliver(stream, d.splunkDestinationDescription(), source, failingSince);
        }
        if (d.amazonopensearchserviceDestinationDescription() != null) {
            return openSearch.deliver(stream, d.amazonopensearchserviceDestinationDescription(), source, failingSince);
        }
        if (d.elasticsearchDestinationDescription() != null) {
            return openSearch.deliver(stream, d.elasticsearchDestinationDescription(), source, failingSince);
        }
        if (d.amazonOpenSearchServerlessDestinationDescription() != null) {
            return openSearch.deliver(stream, d.amazonOpenSearchServerlessDestinationDescription(), source,
                    failingSince);
        }
        return s3.deliver(stream, d.extendedS3DestinationDescription(), source);
    }

    /**
     * A delivery that could not be written: the records stay buffered and are tried again; the stream describes the
     * failure (FailureDescription) until a delivery succeeds.
     */
    private void failed(DeliveryStream stream, String target, BufferStore.Taken batch, RuntimeException e,
                        Instant failingSince) {
        String details = "Could not deliver to " + target + ": " + e.getMessage();
        LOG.info("delivery stream {}: {}", stream.arn(), details);
        retryAt.put(stream.id(), System.nanoTime() + RETRY_AFTER_FAILURE.toNanos());
        metrics.failed(stream.name());
        tx.executeWithoutResult(s -> {
            if (failingSince != null) {
                streams.failingSince(stream.id(), failingSince);
            }
            streams.setFailure(stream.id(), ModelJson.write(FailureDescription.builder()
                    .type(DeliveryStreamFailureType.UNKNOWN_ERROR).details(details).build()));
            outbox.append(event(stream, "aws.firehose.Delivery:Failed", null,
                    data(stream, batch.records(), batch.bytes()).put("destination", target).put("error", details)));
        });
    }

    /**
     * The buffering hints of the stream's destination (each kind has its own hints shape, all with SizeInMBs and
     * IntervalInSeconds).
     */
    private static BufferingHints hints(DestinationDescription d) {
        Object h = d.httpEndpointDestinationDescription() != null ? d.httpEndpointDestinationDescription().bufferingHints()
                : d.splunkDestinationDescription() != null ? d.splunkDestinationDescription().bufferingHints()
                : d.amazonopensearchserviceDestinationDescription() != null
                        ? d.amazonopensearchserviceDestinationDescription().bufferingHints()
                : d.elasticsearchDestinationDescription() != null ? d.elasticsearchDestinationDescription().bufferingHints()
                : d.amazonOpenSearchServerlessDestinationDescription() != null
                        ? d.amazonOpenSearchServerlessDestinationDescription().bufferingHints()
                : d.redshiftDestinationDescription() != null
                        ? d.redshiftDestinationDescription().s3DestinationDescription().bufferingHints()
                : d.extendedS3DestinationDescription().bufferingHints();
        return h instanceof BufferingHints b ? b : ModelTrees.fromTree(ModelTrees.tree(h), BufferingHints.class);
    }

    /** Where the destination delivers: a bucket ARN or an endpoint URL. */
    private static String target(DestinationDescription d) {
        if (d.httpEndpointDestinationDescription() != null) {
            return d.httpEndpointDestinationDescription().endpointConfiguration().url();
        }
        if (d.redshiftDestinationDescription() != null) {
            return d.redshiftDestinationDescription().clusterJDBCURL();
        }
        if (d.splunkDestinationDescription() != null) {
            return d.splunkDestinationDescription().hecEndpoint();
        }
        if (d.amazonopensearchserviceDestinationDescription() != null) {
            return d.amazonopensearchserviceDestinationDescription().clusterEndpoint();
        }
        if (d.elasticsearchDestinationDescription() != null) {
            return d.elasticsearchDestinationDescription().clusterEndpoint();
        }
        if (d.amazonOpenSearchServerlessDestinationDescription() != null) {
            return d.amazonOpenSearchServerlessDestinationDescription().collectionEndpoint();
        }
        return d.extendedS3DestinationDescription().bucketARN();
    }

    private ObjectNode data(DeliveryStream stream, int records, long bytes) {
        ObjectNode data = JSON.createObjectNode();
        data.put("deliveryStreamName", stream.name()).put("deliveryStreamARN", stream.arn())
                .put("destinationId", DeliveryStream.DESTINATION_ID).put("versionId", Long.toString(stream.versionId()))
                .put("records", records).put("bytes", bytes);
        return data;
    }

    private BusEvent event(DeliveryStream stream, String type, String subject, ObjectNode data) {
        return BusEvent.of(TOPIC, stream.arn(), stream.arn(), type, subject, clock.now(), data.toString());
    }
}
