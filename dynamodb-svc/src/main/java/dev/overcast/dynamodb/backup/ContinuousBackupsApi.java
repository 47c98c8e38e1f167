package dev.overcast.dynamodb.backup;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.backup.ItemHistory;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableRestorer;
import dev.overcast.dynamodb.table.TableStore;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * Point-in-time recovery: UpdateContinuousBackups and DescribeContinuousBackups (the setting and the restorable window),
 * RestoreTableToPointInTime (a new table with the items of any moment in that window, from {@link ItemHistory}).
 */
@AwsApi(api = "dynamodb")
public class ContinuousBackupsApi {

    /** The state of PITR on a table: since when it is on and how many days it keeps. */
    private record Window(Instant since, int days) {
        Instant earliest(Instant now) {
            Instant start = now.minusSeconds(days * 86_400L);
            return since.isAfter(start) ? since : start;
        }
    }

    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(5);

    private final TableStore tables;
    private final ItemHistory history;
    private final TableRestorer restorer;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final int defaultDays;
    private final Duration latestLag;

    public ContinuousBackupsApi(TableStore tables, ItemHistory history, TableRestorer restorer, JdbcClient jdbc,
                                TransactionTemplate tx,
                                @Value("${overcast.dynamodb.pitr-recovery-days:35}") int defaultDays,
                                @Value("${overcast.dynamodb.pitr-latest-lag:5s}") Duration latestLag) {
        this.tables = tables;
        this.history = history;
        this.restorer = restorer;
        this.jdbc = jdbc;
        this.tx = tx;
        this.defaultDays = defaultDays;
        this.latestLag = latestLag;
    }

    private TableDef table(RequestContext ctx, String name) {
        return tables.find(ctx, name).orElseThrow(() -> tableNotFound(name));
    }

    private static AwsException tableNotFound(String name) {
        return new AwsException("TableNotFoundException", 400, "Table not found: " + name);
    }

    public UpdateContinuousBackupsResponse updateContinuousBackups(RequestContext ctx, UpdateContinuousBackupsRequest r) {
        TableDef t = table(ctx, r.tableName()); // the specification is complete, by the model's constraints
        Integer days = r.pointInTimeRecoverySpecification().recoveryPeriodInDays(); // 1 to 35 by the model
        if (r.pointInTimeRecoverySpecification().pointInTimeRecoveryEnabled()) {
            Timestamp since = jdbc.sql("""
                    update ddb_table set pitr_enabled_at = coalesce(pitr_enabled_at, clock_timestamp()), pitr_recovery_days = ?
                    where id = ? returning pitr_enabled_at""")
                    .params(days == null ? defaultDays : days, t.id()).query(Timestamp.class).single();
            awaitOlderTransactions(since);
        } else {
            tx.executeWithoutResult(s -> {
                jdbc.sql("update ddb_table set pitr_enabled_at = null, pitr_recovery_days = null where id = ?").param(t.id()).update();
                history.forget(t.id());
            });
        }
        return UpdateContinuousBackupsResponse.builder().continuousBackupsDescription(describe(t, window(t.id()))).build();
    }

    /**
     * Waits (at most a few seconds) for the transactions that were open when PITR was switched on: a write that read
     * the table before then does not record history, and must be committed before the window it would falsify begins.
     */
    private void awaitOlderTransactions(Timestamp since) {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (System.nanoTime() < deadline && jdbc.sql("""
                select exists (select 1 from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
                and xact_start < ?)""").param(since).query(Boolean.class).single()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public DescribeContinuousBackupsResponse describeContinuousBackups(RequestContext ctx, DescribeContinuousBackupsRequest r) {
        TableDef t = table(ctx, r.tableName());
        return DescribeContinuousBackupsResponse.builder().continuousBackupsDescription(describe(t, window(t.id()))).build();
    }

    private Window window(long tableId) {
        return jdbc.sql("select pitr_enabled_at, pitr_recovery_days from ddb_table where id = ?").param(tableId)
                .query((rs, i) -> rs.getTimestamp(1) == null ? null : new Window(rs.getTimestamp(1).toInstant(), rs.getInt(2)))
                .optional().orElse(null);
    }

    /**
     * The times the table can be restored (or exported) to now, earliest and latest; null when point-in-time
     * recovery is not enabled.
     */
    public Instant[] restorableWindow(long tableId) {
        Window w = window(tableId);
        if (w == null) {
            return null;
        }
        Instant now = Instant.now();
        return new Instant[] {w.earliest(now), latest(w, now)};
    }

    /** How far behind now the latest restorable time stays. */
    public Duration latestLag() {
        return latestLag;
    }

    /** The latest restorable time: a little behind now, so that no transaction running at that time is still to commit. */
    private Instant latest(Window w, Instant now) {
        Instant latest = now.minus(latestLag);
        return latest.isBefore(w.since()) ? w.since() : latest;
    }

    private ContinuousBackupsDescription describe(TableDef t, Window w) {
        PointInTimeRecoveryDescription.Builder pitr = PointInTimeRecoveryDescription.builder();
        if (w == null) {
            pitr.pointInTimeRecoveryStatus(PointInTimeRecoveryStatus.DISABLED);
        } else {
            Instant now = Instant.now();
            pitr.pointInTimeRecoveryStatus(PointInTimeRecoveryStatus.ENABLED).recoveryPeriodInDays(w.days())
                    .earliestRestorableDateTime(w.earliest(now)).latestRestorableDateTime(latest(w, now));
        }
        return ContinuousBackupsDescription.builder().continuousBackupsStatus(ContinuousBackupsStatus.ENABLED)
                .pointInTimeRecoveryDescription(pitr.build()).build();
    }

    public RestoreTableToPointInTimeResponse restoreTableToPointInTime(RequestContext ctx, RestoreTableToPointInTimeRequest r) {
        if ((r.sourceTableName() == null) == (r.sourceTableArn() == null)) {
            throw DynamoDbErrors.validation("Exactly one of SourceTableName or SourceTableArn must be specified");
        }
        boolean latest = Boolean.TRUE.equals(r.useLatestRestorableTime());
        if (latest && r.restoreDateTime() != null) {
            throw DynamoDbErrors.validation("Only one of RestoreDateTime or UseLatestRestorableTime can be specified");
        }
        if (!latest && r.restoreDateTime() == null) {
            throw DynamoDbErrors.validation("Either RestoreDateTime or UseLatestRestorableTime must be specified");
        }
        TableDef source = r.sourceTableName() != null ? table(ctx, r.sourceTableName())
                : tables.findByArn(ctx, r.sourceTableArn()).orElseThrow(() -> tableNotFound(r.sourceTableArn()));
        Window w = window(source.id());
        if (w == null) {
            throw new AwsException("PointInTimeRecoveryUnavailableException", 400,
                    "Point in time recovery is not enabled for table '" + source.name() + "'");
        }
        Instant now = Instant.now();
        Instant at = latest ? latest(w, now) : r.restoreDateTime();
        if (at.isBefore(w.earliest(now)) || at.isAfter(latest(w, now))) {
            throw new AwsException("InvalidRestoreTimeException", 400,
                    "Restore time must be between EarliestRestorableDateTime and LatestRestorableDateTime: EarliestRestorableDateTime "
                            + w.earliest(now) + ", LatestRestorableDateTime " + latest(w, now) + ", RestoreDateTime " + at);
        }
        RestoreSummary summary = RestoreSummary.builder().sourceTableArn(source.arn()).restoreDateTime(at).build();
        TableRestorer.Overrides o = new TableRestorer.Overrides(r.billingModeOverride(),
                r.hasGlobalSecondaryIndexOverride() ? r.globalSecondaryIndexOverride() : null,
                r.hasLocalSecondaryIndexOverride() ? r.localSecondaryIndexOverride() : null,
                r.provisionedThroughputOverride(), r.sseSpecificationOverride());
        TableDescription d = restorer.restore(ctx, r.targetTableName(), source.description(), summary, o,
                id -> history.restore(source.id(), id, at));
        return RestoreTableToPointInTimeResponse.builder().tableDescription(d).build();
    }
}
