package dev.overcast.firehose.delivery;

import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.processing.Failure;
import dev.overcast.firehose.processing.Item;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.firehose.model.ProcessingConfiguration;
import software.amazon.awssdk.services.firehose.model.S3DestinationDescription;

/**
 * What the destinations other than S3 share: the records read from the buffer and through the processors a batch at a
 * time, each handed to one request to the destination as it comes (so the request's body is sent while the buffer is
 * still read, and memory holds a processors' batch, not SizeInMBs); a failed request is tried again (the records staying
 * buffered) until RetryOptions' DurationInSeconds has passed since the first failure, then the records that could not
 * be delivered go to the S3 configuration's bucket under its ErrorOutputPrefix with their error output type (read from
 * the buffer again for that: only which records went into the request is kept), and every record to the backup when
 * the backup mode says all.
 */
final class RetryingDelivery {

    /** The destination refused the request and the retry duration has not passed yet: keep the records buffered. */
    static final class RetryLater extends RuntimeException {
        RetryLater(String message) {
            super(message);
        }
    }

    /**
     * One attempt's outcome: the request's error (null when it went through), the records the destination rejected (by
     * their place in the request, from 0) and the objects the attempt wrote (Redshift's intermediate copy).
     */
    record Attempt(String requestError, Map<Integer, String> rejected, List<S3Delivery.Written> written) {
        Attempt(String requestError) {
            this(requestError, Map.of(), List.of());
        }
    }

    /** One request to the destination, fed record by record as the buffer is read. */
    interface Request {
        /** Adds a record to the request (the request starts with the first). */
        void add(Item item);

        /** Ends the request and reads the destination's answer; called only when a record was added. */
        Attempt finish();

        /** Gives the request up (a failure elsewhere). */
        void abandon();
    }

    /** What is being delivered, to where its failures go, and where a copy of every record goes (or null). */
    record Target(ProcessingConfiguration processing, Integer retrySeconds, S3DestinationDescription s3,
                  S3DestinationDescription backup, String errorOutputType, String errorCode) {
    }

    private final S3Delivery s3;
    private final Supplier<Instant> clock;

    RetryingDelivery(S3Delivery s3, Supplier<Instant> clock) {
        this.s3 = s3;
        this.clock = clock;
    }

    S3Delivery.Delivery deliver(DeliveryStream stream, Target target, S3Delivery.Source source, Instant firstFailure,
                                Request request) {
        ErrorObjects errors = s3.errors(stream, target.s3());
        StreamedObject backup = target.backup() == null ? null : s3.data(stream, target.backup());
        // which records (by their place in the buffer's read) went into the request, and each request entry's record
        BitSet sent = new BitSet();
        int[][] entries = {new int[1024]};
        int[] count = {0};
        try {
            s3.process(stream, stream.id() + "-", target.processing(), false, source,
                    backup == null ? null : b -> backup.write(b.arrivedAt(), b.data()), (i, place) -> {
                        if (place >= 0) {
                            sent.set(place);
                        }
                        if (count[0] == entries[0].length) {
                            entries[0] = java.util.Arrays.copyOf(entries[0], 2 * count[0]);
                        }
                        entries[0][count[0]++] = place;
                        request.add(i);
                    }, errors::add);
            Attempt attempt = count[0] > 0 ? request.finish() : new Attempt(null);
            List<S3Delivery.Written> written = new ArrayList<>(attempt.written());
            Instant now = clock.get();
            Map<Integer, List<String>> rejected = new HashMap<>();
            String allFailed = attempt.requestError();
            if (allFailed != null) {
                int retrySeconds = target.retrySeconds() == null ? 300 : target.retrySeconds();
                Instant since = firstFailure == null ? now : firstFailure;
                if (now.isBefore(since.plusSeconds(retrySeconds))) {
                    throw new RetryLater(attempt.requestError());
                }
            }
            attempt.rejected().forEach((entry, message) -> {
                if (entry < count[0] && entries[0][entry] >= 0) {
                    rejected.computeIfAbsent(entries[0][entry], p -> new ArrayList<>()).add(message);
                }
            });
            if (allFailed != null || !rejected.isEmpty()) {
                int[] place = {0};
                source.read(b -> {
                    int p = place[0]++;
                    List<String> messages = allFailed != null && sent.get(p) ? List.of(allFailed) : rejected.get(p);
                    if (messages != null) {
                        Item item = new Item(stream.id() + "-" + b.id(), b.arrivedAt(), b.data(), Map.of(), b.data());
                        messages.forEach(m -> errors.add(new Failure(item, target.errorOutputType(), target.errorCode(), m,
                                1, now, null)));
                    }
                });
            }
            written.addAll(errors.close());
            if (backup != null && backup.started()) {
                written.add(backup.close());
            }
            return new S3Delivery.Delivery(written, errors.count());
        } catch (RuntimeException e) {
            request.abandon();
            errors.abort();
            if (backup != null) {
                backup.abort();
            }
            throw e;
        }
    }
}
