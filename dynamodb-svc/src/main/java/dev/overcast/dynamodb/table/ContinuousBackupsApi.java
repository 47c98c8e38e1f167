package dev.overcast.dynamodb.table;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.DynamoDbErrors;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeContinuousBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateContinuousBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateContinuousBackupsResponse;

/** UpdateContinuousBackups and DescribeContinuousBackups: the point-in-time recovery setting of a table. */
@AwsApi(api = "dynamodb")
public class ContinuousBackupsApi {

    private final TableStore tables;
    private final JdbcClient jdbc;

    public ContinuousBackupsApi(TableStore tables, JdbcClient jdbc) {
        this.tables = tables;
        this.jdbc = jdbc;
    }

    private TableDef table(RequestContext ctx, String name) {
        return tables.find(ctx.account(), ctx.region(), name)
                .orElseThrow(() -> new AwsException("TableNotFoundException", 400, "Table not found: " + name));
    }

    public UpdateContinuousBackupsResponse updateContinuousBackups(RequestContext ctx, UpdateContinuousBackupsRequest r) {
        TableDef t = table(ctx, r.tableName());
        if (r.pointInTimeRecoverySpecification() == null || r.pointInTimeRecoverySpecification().pointInTimeRecoveryEnabled() == null) {
            throw DynamoDbErrors.constraint(null, "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled", "Member must not be null");
        }
        Integer days = r.pointInTimeRecoverySpecification().recoveryPeriodInDays();
        if (days != null && (days < 1 || days > 35)) {
            throw DynamoDbErrors.validation("RecoveryPeriodInDays must be between 1 and 35");
        }
        if (r.pointInTimeRecoverySpecification().pointInTimeRecoveryEnabled()) {
            jdbc.sql("update ddb_table set pitr_enabled_at = coalesce(pitr_enabled_at, ?), pitr_recovery_days = ? where id = ?")
                    .params(Timestamp.from(Instant.now()), days == null ? 35 : days, t.id()).update();
        } else {
            jdbc.sql("update ddb_table set pitr_enabled_at = null, pitr_recovery_days = null where id = ?").param(t.id()).update();
        }
        return UpdateContinuousBackupsResponse.builder().continuousBackupsDescription(describe(t)).build();
    }

    public DescribeContinuousBackupsResponse describeContinuousBackups(RequestContext ctx, DescribeContinuousBackupsRequest r) {
        return DescribeContinuousBackupsResponse.builder().continuousBackupsDescription(describe(table(ctx, r.tableName()))).build();
    }

    private ContinuousBackupsDescription describe(TableDef t) {
        Object[] row = jdbc.sql("select pitr_enabled_at, pitr_recovery_days from ddb_table where id = ?").param(t.id())
                .query((rs, i) -> new Object[] {rs.getTimestamp(1), rs.getObject(2)}).single();
        PointInTimeRecoveryDescription.Builder pitr = PointInTimeRecoveryDescription.builder();
        if (row[0] == null) {
            pitr.pointInTimeRecoveryStatus(PointInTimeRecoveryStatus.DISABLED);
        } else {
            Instant now = Instant.now();
            int days = ((Number) row[1]).intValue();
            Instant since = ((Timestamp) row[0]).toInstant();
            Instant window = now.minusSeconds(days * 86_400L);
            pitr.pointInTimeRecoveryStatus(PointInTimeRecoveryStatus.ENABLED).recoveryPeriodInDays(days)
                    .earliestRestorableDateTime(since.isAfter(window) ? since : window)
                    .latestRestorableDateTime(now.minusSeconds(5).isBefore(since) ? since : now.minusSeconds(5));
        }
        return ContinuousBackupsDescription.builder().continuousBackupsStatus(ContinuousBackupsStatus.ENABLED)
                .pointInTimeRecoveryDescription(pitr.build()).build();
    }
}
