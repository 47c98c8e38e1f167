package dev.overcast.kinesis.consumer;

import dev.overcast.kinesis.stream.Stream;
import java.time.Instant;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;

/** An enhanced fan-out consumer as stored: CREATING until {@code readyAt}, ACTIVE, DELETING once deregistered. */
public record Consumer(long streamId, String name, Instant createdAt, Instant readyAt, Instant goneAt) {

    /** arn:aws:kinesis:region:account:stream/name/consumer/consumer-name:creation-epoch-seconds, as AWS forms it. */
    public String arn(Stream stream) {
        return stream.arn() + "/consumer/" + name + ":" + createdAt.getEpochSecond();
    }

    public ConsumerStatus status(Instant now) {
        if (goneAt != null) {
            return ConsumerStatus.DELETING;
        }
        return now.isBefore(readyAt) ? ConsumerStatus.CREATING : ConsumerStatus.ACTIVE;
    }

    public software.amazon.awssdk.services.kinesis.model.Consumer toModel(Stream stream, Instant now) {
        return software.amazon.awssdk.services.kinesis.model.Consumer.builder().consumerName(name).consumerARN(arn(stream))
                .consumerStatus(status(now)).consumerCreationTimestamp(createdAt).build();
    }

    public ConsumerDescription toDescription(Stream stream, Instant now) {
        return ConsumerDescription.builder().consumerName(name).consumerARN(arn(stream)).consumerStatus(status(now))
                .consumerCreationTimestamp(createdAt).streamARN(stream.arn()).build();
    }
}
