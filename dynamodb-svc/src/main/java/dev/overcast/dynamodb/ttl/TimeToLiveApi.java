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
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;

/**
 * UpdateTimeToLive and DescribeTimeToLive; the sweeper ({@code TtlSweeper}) deletes what has expired. A global table
 * (version 2019.11.21) keeps its TTL setting alike on every replica: an update of one replica is made on all of them,
 * in one transaction.
 */
@AwsApi(api = "dynamodb")
public class TimeToLiveApi {

    private final TableStore tables;
    private final TransactionTemplate tx;

    public TimeToLiveApi(TableStore tables, TransactionTemplate tx) {
        this.tables = tables;
        this.tx = tx;
    }

    /** Sets the TTL attribute (null: none) of the table and of its other replicas. */
    private void setTtl(TableDef t, String attribute) {
        tx.executeWithoutResult(s -> {
            tables.updateTtl(t.id(), attribute);
            if (t.replicated()) {
                t.description().replicas().forEach(r -> tables.find(t.account(), r.regionName(), t.name())
                        .ifPresent(replica -> tables.updateTtl(replica.id(), attribute)));
            }
        });
    }

    public UpdateTimeToLiveResponse updateTimeToLive(RequestContext ctx, UpdateTimeToLiveRequest r) {
        TableDef t = tables.describe(ctx, r.tableName());
        TimeToLiveSpecification spec = r.timeToLiveSpecification(); // complete, by the model's constraints
        if (spec.enabled()) {
            if (t.ttlAttribute() != null) {
                throw DynamoDbErrors.validation("TimeToLive is already enabled");
            }
            setTtl(t, spec.attributeName());
        } else {
            if (t.ttlAttribute() == null) {
                throw DynamoDbErrors.validation("TimeToLive is already disabled");
            }
            if (!t.ttlAttribute().equals(spec.attributeName())) {
                throw DynamoDbErrors.validation("TimeToLive is active on a different AttributeName: current AttributeName is "
                        + t.ttlAttribute());
            }
            setTtl(t, null);
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
