package dev.overcast.dynamodb.ttl;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.ttl.TtlSweeper;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;

/** UpdateTimeToLive and DescribeTimeToLive; the sweeper ({@code TtlSweeper}) deletes what has expired. */
@AwsApi(api = "dynamodb")
public class TimeToLiveApi {

    private final TableStore tables;

    public TimeToLiveApi(TableStore tables) {
        this.tables = tables;
    }

    public UpdateTimeToLiveResponse updateTimeToLive(RequestContext ctx, UpdateTimeToLiveRequest r) {
        TableDef t = tables.describe(ctx, r.tableName());
        TimeToLiveSpecification spec = r.timeToLiveSpecification(); // complete, by the model's constraints
        if (spec.enabled()) {
            if (t.ttlAttribute() != null) {
                throw DynamoDbErrors.validation("TimeToLive is already enabled");
            }
            tables.updateTtl(t.id(), spec.attributeName());
        } else {
            if (t.ttlAttribute() == null) {
                throw DynamoDbErrors.validation("TimeToLive is already disabled");
            }
            if (!t.ttlAttribute().equals(spec.attributeName())) {
                throw DynamoDbErrors.validation("TimeToLive is active on a different AttributeName: current AttributeName is "
                        + t.ttlAttribute());
            }
            tables.updateTtl(t.id(), null);
        }
        return UpdateTimeToLiveResponse.builder().timeToLiveSpecification(spec).build();
    }

    public DescribeTimeToLiveResponse describeTimeToLive(RequestContext ctx, DescribeTimeToLiveRequest r) {
        TableDef t = tables.describe(ctx, r.tableName());
        TimeToLiveDescription d = t.ttlAttribute() == null
                ? TimeToLiveDescription.builder().timeToLiveStatus(TimeToLiveStatus.DISABLED).build()
                : TimeToLiveDescription.builder().timeToLiveStatus(TimeToLiveStatus.ENABLED).attributeName(t.ttlAttribute()).build();
        return DescribeTimeToLiveResponse.builder().timeToLiveDescription(d).build();
    }
}
