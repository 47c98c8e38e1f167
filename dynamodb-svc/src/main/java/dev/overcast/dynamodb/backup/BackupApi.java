package dev.overcast.dynamodb.backup;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.table.ModelJson;
import dev.overcast.dynamodb.table.TableDef;
import dev.overcast.dynamodb.table.TableRestorer;
import dev.overcast.dynamodb.table.TableStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/** On-demand backups: CreateBackup, DescribeBackup, ListBackups, DeleteBackup, RestoreTableFromBackup. */
@AwsApi(api = "dynamodb")
public class BackupApi {

    private record Stored(String arn, String name, String tableName, String tableArn, String tableId,
                          TableDescription description, Instant createdAt, long size, long count) {
    }

    private static final RowMapper<Stored> ROW = (rs, i) -> new Stored(rs.getString("arn"), rs.getString("name"),
            rs.getString("table_name"), rs.getString("table_arn"), rs.getString("table_id"),
            ModelJson.read(rs.getString("description"), TableDescription.class), rs.getTimestamp("created_at").toInstant(),
            rs.getLong("size_bytes"), rs.getLong("item_count"));

    private final TableStore tables;
    private final TableRestorer restorer;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public BackupApi(TableStore tables, TableRestorer restorer, JdbcClient jdbc, TransactionTemplate tx) {
        this.tables = tables;
        this.restorer = restorer;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public CreateBackupResponse createBackup(RequestContext ctx, CreateBackupRequest r) {
        TableDef t = tables.find(ctx.account(), ctx.region(), r.tableName())
                .orElseThrow(() -> new AwsException("TableNotFoundException", 400, "Table not found: " + r.tableName()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String arn = t.arn() + "/backup/" + String.format("%020d", now.toEpochMilli()) + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Stored stored = tx.execute(s -> {
            long[] stats = tables.stats(t.id());
            jdbc.sql("""
                    insert into backup (arn, account_id, region, name, table_name, table_arn, table_id, description, created_at,
                    size_bytes, item_count) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(arn, ctx.account(), ctx.region(), r.backupName(), t.name(), t.arn(), t.description().tableId(),
                            ModelJson.write(t.description()), Timestamp.from(now), stats[1], stats[0]).update();
            jdbc.sql("insert into backup_item (backup_arn, pk, sk, size, data) select ?, pk, sk, size, data from item where table_id = ?")
                    .params(arn, t.id()).update();
            return new Stored(arn, r.backupName(), t.name(), t.arn(), t.description().tableId(), t.description(), now, stats[1], stats[0]);
        });
        return CreateBackupResponse.builder().backupDetails(details(stored)).build();
    }

    private static BackupDetails details(Stored b) {
        return BackupDetails.builder().backupArn(b.arn()).backupName(b.name()).backupSizeBytes(b.size())
                .backupStatus(BackupStatus.AVAILABLE).backupType(BackupType.USER).backupCreationDateTime(b.createdAt()).build();
    }

    private Stored find(RequestContext ctx, String arn) {
        return jdbc.sql("select * from backup where arn = ? and account_id = ? and region = ?")
                .params(arn, ctx.account(), ctx.region()).query(ROW).optional()
                .orElseThrow(() -> new AwsException("BackupNotFoundException", 400, "Backup not found: " + arn));
    }

    public DescribeBackupResponse describeBackup(RequestContext ctx, DescribeBackupRequest r) {
        Stored b = find(ctx, r.backupArn());
        return DescribeBackupResponse.builder().backupDescription(description(b)).build();
    }

    private static BackupDescription description(Stored b) {
        TableDescription d = b.description();
        return BackupDescription.builder().backupDetails(details(b))
                .sourceTableDetails(SourceTableDetails.builder().tableName(b.tableName()).tableArn(b.tableArn()).tableId(b.tableId())
                        .keySchema(d.keySchema()).tableCreationDateTime(d.creationDateTime()).itemCount(b.count())
                        .tableSizeBytes(b.size())
                        .provisionedThroughput(ProvisionedThroughput.builder()
                                .readCapacityUnits(d.provisionedThroughput().readCapacityUnits())
                                .writeCapacityUnits(d.provisionedThroughput().writeCapacityUnits()).build())
                        .billingMode(d.billingModeSummary() == null ? BillingMode.PROVISIONED : d.billingModeSummary().billingMode())
                        .build())
                .build();
    }

    public ListBackupsResponse listBackups(RequestContext ctx, ListBackupsRequest r) {
        int limit = r.limit() == null ? 100 : r.limit();
        List<Stored> found = jdbc.sql("""
                select * from backup where account_id = ? and region = ? and (? is null or table_name = ?)
                and arn > ? order by arn limit ?""")
                .params(ctx.account(), ctx.region(), r.tableName(), r.tableName(),
                        r.exclusiveStartBackupArn() == null ? "" : r.exclusiveStartBackupArn(), limit + 1)
                .query(ROW).list();
        ListBackupsResponse.Builder b = ListBackupsResponse.builder();
        if (found.size() > limit) {
            found = found.subList(0, limit);
            b.lastEvaluatedBackupArn(found.get(limit - 1).arn());
        }
        return b.backupSummaries(found.stream().map(s -> BackupSummary.builder().backupArn(s.arn()).backupName(s.name())
                .backupSizeBytes(s.size()).backupStatus(BackupStatus.AVAILABLE).backupType(BackupType.USER)
                .backupCreationDateTime(s.createdAt()).tableName(s.tableName()).tableArn(s.tableArn()).tableId(s.tableId())
                .build()).toList()).build();
    }

    public DeleteBackupResponse deleteBackup(RequestContext ctx, DeleteBackupRequest r) {
        Stored b = find(ctx, r.backupArn());
        jdbc.sql("delete from backup where arn = ?").param(b.arn()).update();
        BackupDescription d = description(b);
        return DeleteBackupResponse.builder().backupDescription(d.toBuilder()
                .backupDetails(d.backupDetails().toBuilder().backupStatus(BackupStatus.DELETED).build()).build()).build();
    }

    public RestoreTableFromBackupResponse restoreTableFromBackup(RequestContext ctx, RestoreTableFromBackupRequest r) {
        Stored b = find(ctx, r.backupArn());
        RestoreSummary summary = RestoreSummary.builder().sourceBackupArn(b.arn()).sourceTableArn(b.tableArn())
                .restoreDateTime(b.createdAt()).build();
        TableRestorer.Overrides o = new TableRestorer.Overrides(r.billingModeOverride(),
                r.hasGlobalSecondaryIndexOverride() ? r.globalSecondaryIndexOverride() : null,
                r.hasLocalSecondaryIndexOverride() ? r.localSecondaryIndexOverride() : null,
                r.provisionedThroughputOverride(), r.sseSpecificationOverride());
        TableDescription d = restorer.restore(ctx, r.targetTableName(), b.description(), summary, o, id -> jdbc.sql(
                "insert into item (table_id, pk, sk, size, data) select ?, pk, sk, size, data from backup_item where backup_arn = ?")
                .params(id, b.arn()).update());
        return RestoreTableFromBackupResponse.builder().tableDescription(d).build();
    }
}
