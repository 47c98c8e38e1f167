package dev.overcast.kinesis.limit;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.dispatch.DispatchHook;
import dev.overcast.kinesis.KinesisErrors;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.SdkRequest;

/**
 * The control plane's call rates, as the API reference documents them for each action, refused with
 * LimitExceededException past the rate: per account and region ("five transactions per second per account"), per
 * stream ("per stream", "per data stream"), or per consumer and shard (SubscribeToShard, once a second). Actions whose
 * reference names no rate have none here. The data plane's per-shard limits are {@link ShardThroughput}'s.
 *
 * <p>Only when {@link ShardThroughput#enabled() the limits are on}; in memory, per replica of the service.
 */
@Component
public class ApiRates implements DispatchHook {

    private enum Scope { ACCOUNT, STREAM, CONSUMER_SHARD }

    private record Rate(double perSecond, Scope scope) {
    }

    /** The documented rates (botocore kinesis 2013-12-02, each action's documentation). */
    private static final Map<String, Rate> RATES = Map.ofEntries(
            Map.entry("AddTagsToStream", new Rate(5, Scope.ACCOUNT)),
            Map.entry("CreateStream", new Rate(5, Scope.ACCOUNT)),
            Map.entry("DeleteStream", new Rate(5, Scope.ACCOUNT)),
            Map.entry("DeregisterStreamConsumer", new Rate(5, Scope.STREAM)),
            Map.entry("DescribeAccountSettings", new Rate(5, Scope.ACCOUNT)),
            Map.entry("DescribeLimits", new Rate(1, Scope.ACCOUNT)),
            Map.entry("DescribeStream", new Rate(10, Scope.ACCOUNT)),
            Map.entry("DescribeStreamConsumer", new Rate(20, Scope.STREAM)),
            Map.entry("DescribeStreamSummary", new Rate(20, Scope.ACCOUNT)),
            Map.entry("ListShards", new Rate(1000, Scope.STREAM)),
            Map.entry("ListStreamConsumers", new Rate(5, Scope.STREAM)),
            Map.entry("ListStreams", new Rate(5, Scope.ACCOUNT)),
            Map.entry("ListTagsForStream", new Rate(5, Scope.ACCOUNT)),
            Map.entry("MergeShards", new Rate(5, Scope.ACCOUNT)),
            Map.entry("RegisterStreamConsumer", new Rate(5, Scope.ACCOUNT)),
            Map.entry("RemoveTagsFromStream", new Rate(5, Scope.ACCOUNT)),
            Map.entry("SplitShard", new Rate(5, Scope.ACCOUNT)),
            Map.entry("SubscribeToShard", new Rate(1, Scope.CONSUMER_SHARD)),
            Map.entry("UpdateAccountSettings", new Rate(5, Scope.ACCOUNT)),
            Map.entry("UpdateShardCount", new Rate(10, Scope.ACCOUNT)),
            Map.entry("UpdateStreamWarmThroughput", new Rate(5, Scope.ACCOUNT)));

    private final ShardThroughput limits;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public ApiRates(ShardThroughput limits) {
        this.limits = limits;
    }

    @Override
    public void beforeInvoke(RequestContext ctx, String operation, SdkRequest request) {
        Rate rate = RATES.get(operation);
        if (rate == null || !limits.enabled()) {
            return;
        }
        String stream = streamName(request);
        String key = switch (rate.scope()) {
            case ACCOUNT -> ctx.account() + "/" + ctx.region() + "/" + operation;
            case STREAM -> ctx.account() + "/" + ctx.region() + "/" + operation + "/" + stream;
            case CONSUMER_SHARD -> operation + "/" + field(request, "ConsumerARN") + "/" + field(request, "ShardId");
        };
        if (!buckets.computeIfAbsent(key, k -> new TokenBucket(rate.perSecond())).tryTake(1)) {
            throw KinesisErrors.limitExceeded(stream == null ? "Rate exceeded for account " + ctx.account() + "."
                    : "Rate exceeded for stream " + stream + " under account " + ctx.account() + ".");
        }
    }

    /** Forgets every bucket (with the limits switched). */
    public void reset() {
        buckets.clear();
    }

    /** The stream a request names: StreamName, or the name in StreamARN or ConsumerARN. */
    private static String streamName(SdkRequest request) {
        String name = field(request, "StreamName");
        if (name != null) {
            return name;
        }
        String arn = field(request, "StreamARN");
        if (arn == null) {
            arn = field(request, "ConsumerARN");
        }
        if (arn == null) {
            return null;
        }
        int at = arn.indexOf(":stream/");
        if (at < 0) {
            return null;
        }
        String rest = arn.substring(at + ":stream/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static String field(SdkRequest request, String member) {
        return request.getValueForField(member, String.class).orElse(null);
    }
}
