package dev.overcast.s3.retention;

import dev.overcast.s3.lock.ObjectLock;
import dev.overcast.s3.object.ObjectStore;
import dev.overcast.s3.object.ObjectVersions;
import dev.overcast.s3.object.StoredObject;
import java.sql.Timestamp;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Object versions' retention and legal hold, changed under the key's lock (so that no delete slips in between). */
@Repository
public class RetentionStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectStore objects;

    public RetentionStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, ObjectStore objects) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.objects = objects;
    }

    /**
     * Applies {@code change} (which throws to refuse) to the lock of the version (current when {@code versionId} is
     * null), found as a write finds it, and gives that version to {@code noted} in the same transaction (replication
     * notes the change there); returns the version as it was.
     */
    public StoredObject change(String bucket, String key, String versionId, UnaryOperator<ObjectLock> change,
                               Consumer<StoredObject> noted) {
        return tx.execute(status -> {
            objects.lockKey(bucket, key);
            StoredObject version = ObjectVersions.readable(objects.find(bucket, key, versionId), key, versionId, "PUT");
            ObjectLock next = change.apply(version.attributes().lock());
            jdbc.update("update object set lock_mode = ?, lock_retain_until = ?, legal_hold = ? where id = ?",
                    next.mode(), next.retainUntil() == null ? null : Timestamp.from(next.retainUntil()),
                    next.legalHold(), version.id());
            noted.accept(version);
            return version;
        });
    }
}
