package dev.overcast.dynamodb.backup;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableDeleting;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import dev.overcast.dynamodb.table.TableStore;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.dynamodb.model.BackupType;

/** Backups as stored: the table's description and a copy of its items, written in the caller's transaction. */
@Repository
public class BackupStore {

    /** How long DynamoDB keeps the backup it makes of a deleted table that had point-in-time recovery on. */
    static final Duration SYSTEM_RETENTION = Duration.ofDays(35);

    /** Only backups not past their expiry exist. */
    static final String LIVE = "(expires_at is null or expires_at > now())";

    private final TableStore tables;
    private final JdbcClient jdbc;

    public BackupStore(TableStore tables, JdbcClient jdbc) {
        this.tables = tables;
        this.jdbc = jdbc;
    }

    /** A backup of the table as it is now, with the items it holds; returns its ARN and what it recorded. */
    BackupApi.Stored write(TableDef t, String name, BackupType type, Instant expires) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String arn = t.arn() + "/backup/" + String.format("%020d", now.toEpochMilli()) + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        long[] stats = tables.stats(t.id());
        jdbc.sql("""
                insert into backup (arn, account_id, region, name, table_name, table_arn, table_id, description, created_at,
                size_bytes, item_count, backup_type, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(arn, t.account(), t.region(), name, t.name(), t.arn(), t.description().tableId(),
                        ModelJson.write(t.description()), Timestamp.from(now), stats[1], stats[0], type.toString(),
                        expires == null ? null : Timestamp.from(expires)).update();
        jdbc.sql("insert into backup_item (backup_arn, pk, sk, size, data) select ?, pk, sk, size, data from item where table_id = ?")
                .params(arn, t.id()).update();
        return new BackupApi.Stored(arn, name, t.name(), t.arn(), t.description().tableId(), t.description(), now, stats[1],
                stats[0], type, expires);
    }

    /**
     * What DynamoDB does on deleting a table that has point-in-time recovery on: a SYSTEM backup of it named
     * {@code <table>$DeletedTableBackup}, kept 35 days, from which the table can be restored as it was when deleted.
     * Backups past their expiry go at the same time. Runs inside DeleteTable's transaction.
     */
    @EventListener
    public void backUpDeleted(TableDeleting deleting) {
        TableDef t = deleting.table();
        jdbc.sql("delete from backup where expires_at <= now()").update();
        if (t.pitr()) {
            write(t, t.name() + "$DeletedTableBackup", BackupType.SYSTEM, Instant.now().plus(SYSTEM_RETENTION));
        }
    }
}
