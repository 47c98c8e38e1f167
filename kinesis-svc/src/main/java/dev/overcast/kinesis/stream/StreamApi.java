package dev.overcast.kinesis.stream;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.CommonErrors;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.shard.Shard;
import dev.overcast.kinesis.shard.ShardStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesis.model.*;

/**
 * Stream lifecycle: CreateStream, DeleteStream, DescribeStream, DescribeStreamSummary, ListStreams, DescribeLimits,
 * Increase/DecreaseStreamRetentionPeriod, UpdateMaxRecordSize.
 */
@AwsApi(api = "kinesis")
public class StreamApi {

    /** A new ON_DEMAND stream starts with 4 shards. */
    static final int ON_DEMAND_SHARDS = 4;
    static final int MIN_RETENTION_HOURS = 24;
    static final int MAX_RETENTION_HOURS = 8760;
    /** AWS's default quota of ON_DEMAND streams per account and region. */
    public static final int ON_DEMAND_STREAM_LIMIT = 50;
    /** A stream's largest record unless CreateStream or UpdateMaxRecordSize says otherwise: 1 MiB. */
    static final int DEFAULT_MAX_RECORD_KIB = 1024;

    private final Streams streams;
    private final StreamStore store;
    private final StreamTags tags;
    private final ShardStore shards;
    private final TransactionTemplate tx;
    private final Duration statusDelay;
    private final ShardLimit shardLimit;
    private final SuiteClock clock;

    public StreamApi(Streams streams, StreamStore store, StreamTags tags, ShardStore shards, TransactionTemplate tx,
                     @Value("${overcast.kinesis.status-delay:300ms}") Duration statusDelay, ShardLimit shardLimit,
                     SuiteClock clock) {
        this.clock = clock;
        this.streams = streams;
        this.store = store;
        this.tags = tags;
        this.shards = shards;
        this.tx = tx;
        this.statusDelay = statusDelay;
        this.shardLimit = shardLimit;
    }

    public CreateStreamResponse createStream(RequestContext ctx, CreateStreamRequest r) {
        StreamMode mode = r.streamModeDetails() == null ? StreamMode.PROVISIONED : r.streamModeDetails().streamMode();
        if (r.hasTags()) {
            StreamTags.check(r.tags());
        }
        if (r.warmThroughputMiBps() != null) {
            // warm throughput needs the account's MinimumThroughputBillingCommitment, which is not served
            throw CommonErrors.notImplemented("CreateStream with WarmThroughputMiBps");
        }
        int maxRecordSizeKib = r.maxRecordSizeInKiB() == null ? DEFAULT_MAX_RECORD_KIB : r.maxRecordSizeInKiB();
        int count;
        if (mode == StreamMode.ON_DEMAND) {
            if (r.shardCount() != null) {
                throw KinesisErrors.invalidArgument("ShardCount is not expected when StreamMode=ON_DEMAND");
            }
            count = ON_DEMAND_SHARDS;
        } else {
            if (r.shardCount() == null) {
                throw KinesisErrors.invalidArgument("ShardCount is expected when StreamMode=PROVISIONED");
            }
            count = r.shardCount();
        }
        Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
        tx.executeWithoutResult(s -> {
            checkLimits(ctx, mode, count);
            store.purge(ctx.account(), ctx.region(), r.streamName(), now); // a deleted stream of that name, past DELETING
            Stream stream = store.insert(ctx.account(), ctx.region(), r.streamName(), mode, count, maxRecordSizeKib, now,
                            now.plus(statusDelay))
                    .orElseThrow(() -> KinesisErrors.streamExists(r.streamName(), ctx.account()));
            shards.createInitial(stream.id(), count, now);
            if (r.hasTags()) {
                tags.put(stream.id(), r.tags());
            }
        });
        return CreateStreamResponse.builder().build();
    }

    private void checkLimits(RequestContext ctx, StreamMode mode, int count) {
        shardLimit.check(ctx, count);
        if (mode == StreamMode.ON_DEMAND && store.onDemandStreams(ctx.account(), ctx.region()) >= ON_DEMAND_STREAM_LIMIT) {
            throw KinesisErrors.limitExceeded("This request would exceed the on-demand stream count limit for the account "
                    + ctx.account() + " in " + ctx.region() + ". Limit: " + ON_DEMAND_STREAM_LIMIT + ".");
        }
    }

    /**
     * Deletes the stream with its shards, records and consumers: an ACTIVE stream is DELETING for the status delay
     * (records still go in and out, as on AWS), then gone; {@link DeletedStreams} removes its rows. A stream with
     * consumers goes only with EnforceConsumerDeletion, as on AWS.
     */
    public DeleteStreamResponse deleteStream(RequestContext ctx, DeleteStreamRequest r) {
        Stream stream = streams.require(ctx, r.streamName(), r.streamARN());
        if (!Boolean.TRUE.equals(r.enforceConsumerDeletion()) && store.consumerCount(stream.id(), clock.now()) > 0) {
            throw KinesisErrors.resourceInUse("DeleteStream can't delete " + ctx.account() + ":" + stream.name()
                    + " because there are consumers associated with this data stream. To delete " + stream.name()
                    + " anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers"
                    + " that are associated with it.");
        }
        streams.changeActive(ctx, stream.name(), null, locked -> store.markDeleted(locked.id(), clock.now().plus(statusDelay)));
        return DeleteStreamResponse.builder().build();
    }

    public DescribeStreamResponse describeStream(RequestContext ctx, DescribeStreamRequest r) {
        Stream stream = streams.require(ctx, r.streamName(), r.streamARN());
        int limit = Math.min(r.limit() == null ? 100 : r.limit(), 100);
        int after = r.exclusiveStartShardId() == null ? -1 : Shard.index(r.exclusiveStartShardId());
        List<Shard> page = shards.all(stream.id()).stream().filter(s -> s.index() > after).toList();
        boolean more = page.size() > limit;
        Instant now = clock.now();
        StreamDescription d = StreamDescription.builder()
                .streamName(stream.name())
                .streamARN(stream.arn())
                .streamStatus(stream.status(now))
                .streamModeDetails(stream.modeDetails())
                .shards(page.subList(0, Math.min(limit, page.size())).stream().map(Shard::toModel).toList())
                .hasMoreShards(more)
                .retentionPeriodHours(stream.retentionHours())
                .streamCreationTimestamp(stream.createdAt())
                .enhancedMonitoring(stream.enhancedMetrics())
                .encryptionType(stream.encryptionType())
                .keyId(stream.keyId())
                .build();
        return DescribeStreamResponse.builder().streamDescription(d).build();
    }

    public DescribeStreamSummaryResponse describeStreamSummary(RequestContext ctx, DescribeStreamSummaryRequest r) {
        Stream stream = streams.require(ctx, r.streamName(), r.streamARN());
        int open = (int) shards.all(stream.id()).stream().filter(Shard::open).count();
        StreamDescriptionSummary d = StreamDescriptionSummary.builder()
                .streamName(stream.name())
                .streamARN(stream.arn())
                .streamStatus(stream.status(clock.now()))
                .streamModeDetails(stream.modeDetails())
                .retentionPeriodHours(stream.retentionHours())
                .streamCreationTimestamp(stream.createdAt())
                .enhancedMonitoring(stream.enhancedMetrics())
                .encryptionType(stream.encryptionType())
                .keyId(stream.keyId())
                .maxRecordSizeInKiB(stream.maxRecordSizeKib())
                .openShardCount(open)
                .consumerCount(store.consumerCount(stream.id(), clock.now()))
                .build();
        return DescribeStreamSummaryResponse.builder().streamDescriptionSummary(d).build();
    }

    /**
     * Stream names in order, at most Limit (default 100, never more than 100), after ExclusiveStartStreamName or
     * after the NextToken of a previous page, with their summaries.
     */
    public ListStreamsResponse listStreams(RequestContext ctx, ListStreamsRequest r) {
        if (r.nextToken() != null && r.exclusiveStartStreamName() != null) {
            throw KinesisErrors.invalidArgument("NextToken and ExclusiveStartStreamName cannot be provided together.");
        }
        String after = r.nextToken() != null ? NextTokens.streamName(r.nextToken()) : r.exclusiveStartStreamName();
        int limit = Math.min(r.limit() == null ? 100 : r.limit(), 100);
        Instant now = clock.now();
        List<Stream> page = store.list(ctx.account(), ctx.region(), after, limit + 1, now);
        boolean more = page.size() > limit;
        page = page.subList(0, Math.min(limit, page.size()));
        ListStreamsResponse.Builder b = ListStreamsResponse.builder()
                .streamNames(page.stream().map(Stream::name).toList())
                .hasMoreStreams(more)
                .streamSummaries(page.stream().map(s -> StreamSummary.builder().streamName(s.name()).streamARN(s.arn())
                        .streamStatus(s.status(now)).streamModeDetails(s.modeDetails())
                        .streamCreationTimestamp(s.createdAt()).build()).toList());
        if (more) {
            b.nextToken(NextTokens.afterStream(page.get(page.size() - 1).name()));
        }
        return b.build();
    }

    public DescribeLimitsResponse describeLimits(RequestContext ctx, DescribeLimitsRequest r) {
        return DescribeLimitsResponse.builder()
                .shardLimit(shardLimit.limit())
                .openShardCount(store.openShards(ctx.account(), ctx.region()))
                .onDemandStreamCount(store.onDemandStreams(ctx.account(), ctx.region()))
                .onDemandStreamCountLimit(ON_DEMAND_STREAM_LIMIT)
                .build();
    }

    public IncreaseStreamRetentionPeriodResponse increaseStreamRetentionPeriod(RequestContext ctx,
                                                                               IncreaseStreamRetentionPeriodRequest r) {
        Stream stream = streams.requireActive(ctx, r.streamName(), r.streamARN());
        int hours = checkRetention(r.retentionPeriodHours());
        if (hours < stream.retentionHours()) {
            throw KinesisErrors.invalidArgument("Requested retention period (" + hours + " hours) for stream " + stream.name()
                    + " can not be shorter than existing retention period (" + stream.retentionHours()
                    + " hours). Use DecreaseRetentionPeriod API.");
        }
        store.setRetention(stream.id(), hours);
        return IncreaseStreamRetentionPeriodResponse.builder().build();
    }

    public DecreaseStreamRetentionPeriodResponse decreaseStreamRetentionPeriod(RequestContext ctx,
                                                                               DecreaseStreamRetentionPeriodRequest r) {
        Stream stream = streams.requireActive(ctx, r.streamName(), r.streamARN());
        int hours = checkRetention(r.retentionPeriodHours());
        if (hours > stream.retentionHours()) {
            throw KinesisErrors.invalidArgument("Requested retention period (" + hours + " hours) for stream " + stream.name()
                    + " can not be longer than existing retention period (" + stream.retentionHours()
                    + " hours). Use IncreaseRetentionPeriod API.");
        }
        store.setRetention(stream.id(), hours);
        return DecreaseStreamRetentionPeriodResponse.builder().build();
    }

    /**
     * The largest record the stream takes, 1,024 to 10,240 KiB (data and partition key): the stream must be ACTIVE and
     * is UPDATING for the status delay; records already in it stay as they are.
     */
    public UpdateMaxRecordSizeResponse updateMaxRecordSize(RequestContext ctx, UpdateMaxRecordSizeRequest r) {
        streams.changeActive(ctx, null, r.streamARN(),
                stream -> store.setMaxRecordSize(stream.id(), r.maxRecordSizeInKiB(), clock.now().plus(statusDelay)));
        return UpdateMaxRecordSizeResponse.builder().build();
    }

    /** 24 h to 8,760 h (365 days). */
    private static int checkRetention(int hours) {
        if (hours < MIN_RETENTION_HOURS) {
            throw KinesisErrors.invalidArgument("Minimum allowed retention period is " + MIN_RETENTION_HOURS
                    + " hours. Requested retention period (" + hours + " hours) is too short.");
        }
        if (hours > MAX_RETENTION_HOURS) {
            throw KinesisErrors.invalidArgument("Maximum allowed retention period is " + MAX_RETENTION_HOURS
                    + " hours. Requested retention period (" + hours + " hours) is too long.");
        }
        return hours;
    }
}
