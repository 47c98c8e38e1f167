package dev.overcast.firehose.deliverystream;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.firehose.FirehoseErrors;
import dev.overcast.firehose.destination.Destinations;
import java.time.Instant;
import java.util.List;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.firehose.model.*;

/**
 * Delivery streams: CreateDeliveryStream, DescribeDeliveryStream, ListDeliveryStreams, UpdateDestination,
 * DeleteDeliveryStream.
 */
@AwsApi(api = "firehose")
public class DeliveryStreamApi {

    private final DeliveryStreamStore store;
    private final DeliveryStreamTags tags;
    private final DeliveryStreams streams;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public DeliveryStreamApi(DeliveryStreamStore store, DeliveryStreamTags tags, DeliveryStreams streams,
                             TransactionTemplate tx, SuiteClock clock) {
        this.store = store;
        this.tags = tags;
        this.streams = streams;
        this.tx = tx;
        this.clock = clock;
    }

    public CreateDeliveryStreamResponse createDeliveryStream(RequestContext ctx, CreateDeliveryStreamRequest r) {
        DeliveryStreamType type = r.deliveryStreamType() == null ? DeliveryStreamType.DIRECT_PUT : r.deliveryStreamType();
        boolean msk = type == DeliveryStreamType.MSK_AS_SOURCE;
        if (msk != (r.mskSourceConfiguration() != null)) {
            throw FirehoseErrors.invalidArgument(msk
                    ? "MSKSourceConfiguration is required when DeliveryStreamType is MSKAsSource."
                    : "MSKSourceConfiguration is only allowed when DeliveryStreamType is MSKAsSource.");
        }
        if (type == DeliveryStreamType.DATABASE_AS_SOURCE || r.databaseSourceConfiguration() != null) {
            throw FirehoseErrors.unsupported("DatabaseAsSource delivery streams");
        }
        boolean kinesis = type == DeliveryStreamType.KINESIS_STREAM_AS_SOURCE;
        if (kinesis != (r.kinesisStreamSourceConfiguration() != null)) {
            throw FirehoseErrors.invalidArgument(kinesis
                    ? "KinesisStreamSourceConfiguration is required when DeliveryStreamType is KinesisStreamAsSource."
                    : "KinesisStreamSourceConfiguration is only allowed when DeliveryStreamType is KinesisStreamAsSource.");
        }
        if ((kinesis || msk) && r.deliveryStreamEncryptionConfigurationInput() != null) {
            throw FirehoseErrors.invalidArgument("Server-side encryption is not supported for delivery streams of type "
                    + type + ": encrypt the source instead.");
        }
        Destinations.Configured destination = Destinations.describe(r, DeliveryStream.DESTINATION_ID);
        Instant now = clock.now();
        String source = kinesis ? ModelJson.write(KinesisStreamSourceDescription.builder()
                .kinesisStreamARN(r.kinesisStreamSourceConfiguration().kinesisStreamARN())
                .roleARN(r.kinesisStreamSourceConfiguration().roleARN()).deliveryStartTimestamp(now).build())
                : msk ? ModelJson.write(MSKSourceDescription.builder()
                        .mskClusterARN(r.mskSourceConfiguration().mskClusterARN())
                        .topicName(r.mskSourceConfiguration().topicName())
                        .authenticationConfiguration(r.mskSourceConfiguration().authenticationConfiguration())
                        .readFromTimestamp(r.mskSourceConfiguration().readFromTimestamp())
                        .deliveryStartTimestamp(now).build())
                : null;
        String encryption = r.deliveryStreamEncryptionConfigurationInput() == null ? null
                : EncryptionSettings.of(r.deliveryStreamEncryptionConfigurationInput(), DeliveryStreamEncryptionStatus.ENABLING);
        String arn = DeliveryStreams.arn(ctx.region(), ctx.account(), r.deliveryStreamName());
        var row = new DeliveryStreamStore.NewStream(ctx.account(), ctx.region(), r.deliveryStreamName(), arn, type, now,
                now.plus(streams.statusDelay()), source, ModelJson.write(destination.description()), destination.secret(),
                encryption);
        tx.executeWithoutResult(s -> {
            DeliveryStream created = store.insert(row)
                    .orElseThrow(() -> FirehoseErrors.streamExists(r.deliveryStreamName(), ctx.account()));
            if (r.hasTags()) {
                tags.put(created, r.tags());
            }
        });
        return CreateDeliveryStreamResponse.builder().deliveryStreamARN(arn).build();
    }

    public DescribeDeliveryStreamResponse describeDeliveryStream(RequestContext ctx, DescribeDeliveryStreamRequest r) {
        DeliveryStream s = streams.require(ctx, r.deliveryStreamName());
        Instant now = clock.now();
        // one destination per stream: a page that starts after it is empty
        boolean pastIt = DeliveryStream.DESTINATION_ID.equals(r.exclusiveStartDestinationId());
        DeliveryStreamDescription.Builder d = DeliveryStreamDescription.builder()
                .deliveryStreamName(s.name()).deliveryStreamARN(s.arn()).deliveryStreamStatus(s.status(now))
                .failureDescription(s.failureDescription())
                .deliveryStreamEncryptionConfiguration(s.encryptionConfiguration(now))
                .deliveryStreamType(s.type()).versionId(Long.toString(s.versionId()))
                .createTimestamp(s.createdAt()).lastUpdateTimestamp(s.updatedAt())
                .destinations(pastIt ? List.of() : List.of(s.destinationDescription()))
                .hasMoreDestinations(false);
        if (s.kinesisSource() != null) {
            d.source(SourceDescription.builder().kinesisStreamSourceDescription(s.kinesisSource()).build());
        }
        if (s.mskSource() != null) {
            d.source(SourceDescription.builder().mskSourceDescription(s.mskSource()).build());
        }
        return DescribeDeliveryStreamResponse.builder().deliveryStreamDescription(d.build()).build();
    }

    /** Names in order after ExclusiveStartDeliveryStreamName, at most Limit (default 10), of one type when given. */
    public ListDeliveryStreamsResponse listDeliveryStreams(RequestContext ctx, ListDeliveryStreamsRequest r) {
        int limit = r.limit() == null ? 10 : r.limit();
        List<DeliveryStream> page = store.list(ctx.account(), ctx.region(), r.deliveryStreamType(),
                r.exclusiveStartDeliveryStreamName(), limit + 1);
        return ListDeliveryStreamsResponse.builder()
                .deliveryStreamNames(page.stream().limit(limit).map(DeliveryStream::name).toList())
                .hasMoreDeliveryStreams(page.size() > limit).build();
    }

    /**
     * Changes the destination when CurrentDeliveryStreamVersionId is the stream's version (else
     * ConcurrentModificationException); the version goes up by one. New settings apply to the next delivery.
     */
    public UpdateDestinationResponse updateDestination(RequestContext ctx, UpdateDestinationRequest r) {
        tx.executeWithoutResult(status -> {
            DeliveryStream s = streams.requireActive(streams.lock(ctx, r.deliveryStreamName()));
            if (!Long.toString(s.versionId()).equals(r.currentDeliveryStreamVersionId())) {
                throw FirehoseErrors.concurrentModification("Cannot update firehose: " + s.name()
                        + " since the current version id: " + s.versionId() + " and specified version id: "
                        + r.currentDeliveryStreamVersionId() + " do not match");
            }
            if (!DeliveryStream.DESTINATION_ID.equals(r.destinationId())) {
                throw FirehoseErrors.invalidArgument("Destination Id " + r.destinationId() + " not found.");
            }
            Destinations.Configured updated = Destinations.update(s.destinationDescription(), s.destinationSecret(), r);
            store.updateDestination(s.id(), ModelJson.write(updated.description()), updated.secret(), clock.now());
        });
        return UpdateDestinationResponse.builder().build();
    }

    /** Deletes the stream and what it still buffers. AllowForceDelete is accepted: the suite has no KMS grant to retire. */
    public DeleteDeliveryStreamResponse deleteDeliveryStream(RequestContext ctx, DeleteDeliveryStreamRequest r) {
        DeliveryStream s = streams.require(ctx, r.deliveryStreamName());
        if (s.status(clock.now()) == DeliveryStreamStatus.CREATING) {
            throw FirehoseErrors.resourceInUse("Firehose " + s.name() + " under account " + s.account()
                    + " is in CREATING state and cannot be deleted.");
        }
        if (!store.delete(s.id())) {
            throw FirehoseErrors.streamNotFound(s.name(), ctx.account());
        }
        return DeleteDeliveryStreamResponse.builder().build();
    }
}
