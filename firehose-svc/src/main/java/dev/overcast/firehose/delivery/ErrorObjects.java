package dev.overcast.firehose.delivery;

import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.destination.Prefixes;
import dev.overcast.firehose.processing.Failure;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.EncryptionConfiguration;
import tools.jackson.databind.json.JsonMapper;

/**
 * A delivery's failed records as Firehose's error records (one JSON object per line), written as they fail: one
 * {@link StreamedObject} per error output type under the destination's ErrorOutputPrefix
 * ({@code !{firehose:error-output-type}}), so that failures are not held until the delivery ends.
 */
final class ErrorObjects {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final S3Objects s3;
    private final DeliveryStream stream;
    private final String bucketArn;
    private final String errorOutputPrefix;
    private final ZoneId zone;
    private final CompressionFormat format;
    private final EncryptionConfiguration encryption;
    private final Map<String, StreamedObject> byType = new LinkedHashMap<>();
    private int failed;

    ErrorObjects(S3Objects s3, DeliveryStream stream, String bucketArn, String errorOutputPrefix, ZoneId zone,
                 CompressionFormat format, EncryptionConfiguration encryption) {
        this.s3 = s3;
        this.stream = stream;
        this.bucketArn = bucketArn;
        this.errorOutputPrefix = errorOutputPrefix;
        this.zone = zone;
        this.format = format;
        this.encryption = encryption;
    }

    void add(Failure f) {
        byType.computeIfAbsent(f.errorOutputType(), type -> new StreamedObject(s3, stream, new StreamedObject.Target(
                bucketArn, at -> Prefixes.evaluateError(errorOutputPrefix, at, type), zone, format,
                Compression.extension(format), encryption))).write(f.item().arrivedAt(), errorRecord(f));
        failed++;
    }

    void addAll(List<Failure> failures) {
        failures.forEach(this::add);
    }

    /** Records failed so far. */
    int count() {
        return failed;
    }

    /** Completes the error objects; what they are. */
    List<S3Delivery.Written> close() {
        List<S3Delivery.Written> written = new ArrayList<>();
        byType.values().forEach(o -> written.add(o.close()));
        return written;
    }

    void abort() {
        byType.values().forEach(StreamedObject::abort);
    }

    /** Firehose's error record, one JSON object per line. */
    private static byte[] errorRecord(Failure f) {
        var o = JSON.createObjectNode();
        o.put("attemptsMade", f.attempts()).put("arrivalTimestamp", f.item().arrivedAt().toEpochMilli())
                .put("errorCode", f.errorCode()).put("errorMessage", f.errorMessage())
                .put("attemptEndingTimestamp", f.endedAt().toEpochMilli())
                .put("rawData", Base64.getEncoder().encodeToString(f.item().raw()));
        if (f.lambdaArn() != null) {
            o.put("lambdaArn", f.lambdaArn());
        }
        return (o + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
