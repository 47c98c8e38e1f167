package dev.overcast.dynamodb.backup;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableRestorer;
import dev.overcast.dynamodb.table.TableStore;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/** On-demand backups: CreateBackup, DescribeBackup, ListBackups, DeleteBackup, RestoreTableFromBackup. */
@AwsApi(api = "dynamodb")
public class BackupApi {

    record Stored(String arn, String name, String tableName, String tableArn, String tableId, TableDescription description,
                  Instant createdAt, long size, long count, BackupType type, Instant expires) {
    }

    private static final RowMapper<Stored> ROW = (rs, i) -> new Stored(rs.getString("arn"), rs.getString("name"),
            rs.getString("table_name"), rs.getString("table_arn"), rs.getString("table_id"),
            ModelJson.read(rs.getString("description"), TableDescription.class), rs.getTimestamp("created_at").toInstant(),
            rs.getLong("size_bytes"), rs.getLong("item_count"), BackupType.fromValue(rs.getString("backup_type")),
            rs.getTimestamp("expires_at") == null ? null : rs.getTimestamp("expires_at").toInstant());

    private final TableStore tables;
    private final TableRestorer restorer;
    private final BackupStore backups;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public BackupApi(TableStore tables, TableRestorer restorer, BackupStore backups, JdbcClient jdbc, TransactionTemplate tx) {
        this.tables = tables;
        this.restorer = restorer;
        this.backups = backups;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public CreateBackupResponse createBackup(RequestContext ctx, CreateBackupRequest r) {
        TableDef t = tables.find(ctx, r.tableName())
                .orElseThrow(() -> new AwsException("TableNotFoundException", 400, "Table not found: " + r.tableName()));
        Stored stored = tx.execute(s -> backups.write(t, r.backupName(), BackupType.USER, null));
        return CreateBackupResponse.builder().backupDetails(details(stored)).build();
    }

    private static BackupDetails details(Stored b) {
        return BackupDetails.builder().backupArn(b.arn()).backupName(b.name()).backupSizeBytes(b.size())
                .backupStatus(BackupStatus.AVAILABLE).backupType(b.type()).backupCreationDateTime(b.createdAt())
                .backupExpiryDateTime(b.expires()).build();
    }

    private Stored find(RequestContext ctx, String arn) {
        return jdbc.sql("select * from backup where arn = ? and account_id = ? and region = ? and " + BackupStore.LIVE)
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
        // USER unless asked otherwise; AWS_BACKUP (AWS Backup's own) has none here
        BackupTypeFilter type = r.backupType() == null ? BackupTypeFilter.USER : r.backupType();
        String wanted = type == BackupTypeFilter.ALL ? null : type.toString();
        List<Stored> found = jdbc.sql("""
                select * from backup where account_id = ? and region = ? and (? is null or table_name = ?)
                and (?::text is null or backup_type = ?) and """ + BackupStore.LIVE + """
                 and arn > ? order by arn limit ?""")
                .params(ctx.account(), ctx.region(), r.tableName(), r.tableName(), wanted, wanted,
                        r.exclusiveStartBackupArn() == null ? "" : r.exclusiveStartBackupArn(), limit + 1)
                .query(ROW).list();
        ListBackupsResponse.Builder b = ListBackupsResponse.builder();
        if (found.size() > limit) {
            found = found.subList(0, limit);
            b.lastEvaluatedBackupArn(found.get(limit - 1).arn());
        }
        return b.backupSummaries(found.stream().map(s -> BackupSummary.builder().backupArn(s.arn()).backupName(s.name())
                .backupSizeBytes(s.size()).backupStatus(BackupStatus.AVAILABLE).backupType(s.type())
                .backupCreationDateTime(s.createdAt()).backupExpiryDateTime(s.expires()).tableName(s.tableName()).tableArn(s.tableArn()).tableId(s.tableId())
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
