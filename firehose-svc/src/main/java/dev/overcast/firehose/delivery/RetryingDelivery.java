package dev.overcast.firehose.delivery;

import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.processing.Failure;
import dev.overcast.firehose.processing.Item;
import dev.overcast.firehose.processing.Outcome;
import dev.overcast.firehose.processing.Processors;
import dev.overcast.firehose.record.BufferStore.Buffered;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.firehose.model.ProcessingConfiguration;
import software.amazon.awssdk.services.firehose.model.S3DestinationDescription;

/**
 * What the destinations reached over HTTP (HTTP endpoint, OpenSearch) share: the records through the processors, one
 * attempt to send them, tried again (the records staying buffered) until RetryOptions' DurationInSeconds has passed
 * since the first failure, then the records that could not be delivered to the S3 configuration's bucket under its
 * ErrorOutputPrefix with their error output type, and every record there too when the backup mode says all.
 */
final class RetryingDelivery {

    /** The destination refused the request and the retry duration has not passed yet: keep the records buffered. */
    static final class RetryLater extends RuntimeException {
        RetryLater(String message) {
            super(message);
        }
    }

    /** One attempt: the request's error (null when it went through) and the records the destination rejected. */
    record Attempt(String requestError, Map<Item, String> rejected) {
    }

    /** What is being delivered, and to where its failures go. */
    record Target(ProcessingConfiguration processing, Integer retrySeconds, S3DestinationDescription s3, boolean allData,
                  String errorOutputType, String errorCode) {
    }

    private final S3Delivery s3;
    private final Processors processors;
    private final Supplier<Instant> clock;

    RetryingDelivery(S3Delivery s3, Processors processors, Supplier<Instant> clock) {
        this.s3 = s3;
        this.processors = processors;
        this.clock = clock;
    }

    S3Delivery.Delivery deliver(DeliveryStream stream, Target target, List<Buffered> records, Instant firstFailure,
                                Function<List<Item>, Attempt> send) {
        List<Item> items = records.stream().map(b -> new Item(stream.id() + "-" + b.id(), b.arrivedAt(), b.data(),
                Map.of(), b.data())).toList();
        Outcome outcome = processors.apply(stream.arn(), stream.region(), target.processing(), false, items);
        List<Failure> failed = new ArrayList<>(outcome.failed());
        if (!outcome.delivered().isEmpty()) {
            Attempt attempt = send.apply(outcome.delivered());
            Instant now = clock.get();
            if (attempt.requestError() != null) {
                int retrySeconds = target.retrySeconds() == null ? 300 : target.retrySeconds();
                Instant since = firstFailure == null ? now : firstFailure;
                if (now.isBefore(since.plusSeconds(retrySeconds))) {
                    throw new RetryLater(attempt.requestError());
                }
                outcome.delivered().forEach(i -> failed.add(new Failure(i, target.errorOutputType(), target.errorCode(),
                        attempt.requestError(), 1, now, null)));
            }
            attempt.rejected().forEach((i, message) -> failed.add(new Failure(i, target.errorOutputType(),
                    target.errorCode(), message, 1, now, null)));
        }
        S3DestinationDescription bucket = target.s3();
        List<S3Delivery.Written> written = new ArrayList<>(s3.writeErrors(stream, bucket.bucketARN(),
                bucket.errorOutputPrefix(), ZoneOffset.UTC, bucket.compressionFormat(), bucket.encryptionConfiguration(),
                failed));
        if (target.allData()) {
            written.add(s3.writeAll(stream, bucket, records));
        }
        return new S3Delivery.Delivery(written, failed.size());
    }
}
