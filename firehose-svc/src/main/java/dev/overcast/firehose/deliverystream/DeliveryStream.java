package dev.overcast.firehose.deliverystream;

import dev.overcast.common.protocol.json.ModelJson;
import java.time.Instant;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamEncryptionConfiguration;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamEncryptionStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.DestinationDescription;
import software.amazon.awssdk.services.firehose.model.FailureDescription;
import software.amazon.awssdk.services.firehose.model.KinesisStreamSourceDescription;
import software.amazon.awssdk.services.firehose.model.MSKSourceDescription;

/**
 * A delivery stream's control row. {@code destination}, {@code source}, {@code encryption} and {@code failure} hold the
 * JSON of the API's own description shapes. {@code failingSince} is when the destination's deliveries began to fail
 * (RetryOptions' window counts from there; a restart keeps it).
 */
public record DeliveryStream(long id, String account, String region, String name, String arn, DeliveryStreamType type,
                             Instant createdAt, Instant readyAt, Instant updatedAt, long versionId, String source,
                             String destination, String encryption, Instant encryptionReadyAt, String failure,
                             String destinationSecret, Instant failingSince) {

    /** The destination's id: a delivery stream has one destination. */
    public static final String DESTINATION_ID = "destinationId-000000000001";

    /** CREATING until the configured delay has passed, then ACTIVE. */
    public DeliveryStreamStatus status(Instant now) {
        return now.isBefore(readyAt) ? DeliveryStreamStatus.CREATING : DeliveryStreamStatus.ACTIVE;
    }

    public DestinationDescription destinationDescription() {
        return ModelJson.read(destination, DestinationDescription.class);
    }

    public KinesisStreamSourceDescription kinesisSource() {
        return source == null || type != DeliveryStreamType.KINESIS_STREAM_AS_SOURCE ? null
                : ModelJson.read(source, KinesisStreamSourceDescription.class);
    }

    public MSKSourceDescription mskSource() {
        return source == null || type != DeliveryStreamType.MSK_AS_SOURCE ? null
                : ModelJson.read(source, MSKSourceDescription.class);
    }

    public FailureDescription failureDescription() {
        return failure == null ? null : ModelJson.read(failure, FailureDescription.class);
    }

    /** The encryption as described now: ENABLING and DISABLING become ENABLED and DISABLED once their delay has passed. */
    public DeliveryStreamEncryptionConfiguration encryptionConfiguration(Instant now) {
        if (encryption == null) {
            return DeliveryStreamEncryptionConfiguration.builder().status(DeliveryStreamEncryptionStatus.DISABLED).build();
        }
        DeliveryStreamEncryptionConfiguration c = ModelJson.read(encryption, DeliveryStreamEncryptionConfiguration.class);
        boolean settled = encryptionReadyAt == null || !now.isBefore(encryptionReadyAt);
        if (settled && c.status() == DeliveryStreamEncryptionStatus.ENABLING) {
            return c.toBuilder().status(DeliveryStreamEncryptionStatus.ENABLED).build();
        }
        if (settled && c.status() == DeliveryStreamEncryptionStatus.DISABLING) {
            return c.toBuilder().status(DeliveryStreamEncryptionStatus.DISABLED).build();
        }
        return c;
    }
}
