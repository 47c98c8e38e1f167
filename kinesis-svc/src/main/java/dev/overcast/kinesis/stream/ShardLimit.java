package dev.overcast.kinesis.stream;

import dev.overcast.common.api.RequestContext;
import dev.overcast.kinesis.KinesisErrors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The account's limit of open shards in a region (500 in the largest regions on AWS), for every action that adds shards. */
@Component
public class ShardLimit {

    private final StreamStore store;
    private final int limit;

    public ShardLimit(StreamStore store, @Value("${overcast.kinesis.shard-limit:500}") int limit) {
        this.store = store;
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /** Refuses {@code additional} more open shards when the account's open shards would pass the limit. */
    public void check(RequestContext ctx, int additional) {
        int open = store.openShards(ctx.account(), ctx.region());
        if ((long) open + additional > limit) {
            throw KinesisErrors.limitExceeded("This request would exceed the shard limit for the account " + ctx.account()
                    + " in " + ctx.region() + ". Current shard count for the account: " + open + ". Limit: " + limit
                    + ". Number of additional shards that would have resulted from this request: " + additional
                    + ". Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html)"
                    + " for current limits and how to request higher limits.");
        }
    }
}
