package dev.overcast.s3.bucket;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.db.VersionedRowCache;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.StoredMaps;
import dev.overcast.s3.encryption.Encryption;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Buckets in the {@code s3.bucket} table. */
@Repository
public class BucketStore {

    private static final RowMapper<Bucket> ROW = (rs, i) -> new Bucket(rs.getString("name"), rs.getString("account_id"),
            rs.getString("region"), rs.getTimestamp("created_at").toInstant(), rs.getString("object_ownership"),
            rs.getBoolean("object_lock_enabled"), new Encryption(rs.getString("sse_algorithm"), rs.getString("kms_key_id"),
            rs.getBoolean("bucket_key_enabled")), rs.getString("versioning"), rs.getString("mfa_delete"),
            rs.getLong("version"), rs.getString("notification"), rs.getString("lifecycle"),
            rs.getString("transition_min_size"), rs.getString("object_lock"), rs.getString("policy"),
            rs.getString("public_access_block"), rs.getString("request_payer"), rs.getString("acl"));

    /** Every column, and the row version ({@link Bucket#version()}). */
    private static final String COLUMNS = "select *, " + VersionedRowCache.VERSION + " as version from bucket";

    private final JdbcClient jdbc;

    /**
     * Buckets as last read, for the object hot paths only (PutObject, GetObject, HeadObject): their statements check
     * the bucket's version in the same round trip (with {@code check_bucket_version}, or by reading it), so a bucket
     * changed by another thread or process is never acted on; every other caller reads the bucket from the database.
     */
    private final VersionedRowCache<String, Bucket> cache;

    private final BucketAccess access;

    public BucketStore(JdbcClient jdbc, org.springframework.beans.factory.ObjectProvider<BucketAccess> access) {
        this.jdbc = jdbc;
        this.access = access.getIfAvailable(() -> BucketAccess.OWNER_ONLY);
        this.cache = new VersionedRowCache<>(name -> jdbc.sql(COLUMNS + " where name = ?").param(name).query(ROW).optional(),
                Bucket::version);
    }

    public Optional<Bucket> find(String name) {
        return cache.read(name);
    }

    /**
     * The bucket as the caller may use it: it exists, the caller's account owns it, and the request was signed
     * for its region.
     */
    public Bucket require(RequestContext ctx, String name) {
        return usable(ctx, name, find(name));
    }

    /**
     * Runs an object hot path on the bucket as {@link #require} checks it, cached when it was read before: the
     * operation's statements check the bucket's version and throw {@link VersionedRowCache.Stale} when it changed;
     * the bucket is then read again and the operation run again (so it must be able to run twice).
     */
    public <T> T with(RequestContext ctx, String name, Function<Bucket, T> operation) {
        return cache.with(name, bucket -> usable(ctx, name, bucket), operation);
    }

    private Bucket usable(RequestContext ctx, String name, Optional<Bucket> found) {
        Bucket bucket = found.orElseThrow(() -> S3Errors.noSuchBucket(name));
        access.check(ctx, bucket);
        if (!bucket.region().equals(ctx.region())) {
            throw S3Errors.permanentRedirect(name, bucket.region());
        }
        return bucket;
    }

    /** Throws AccessDenied unless the request may act on the bucket (see {@link BucketAccess}). */
    public void checkAccess(RequestContext ctx, Bucket bucket) {
        access.check(ctx, bucket);
    }

    /** Throws AccessDenied unless the request may also take the action on the key ({@link BucketAccess#checkAlso}). */
    public void checkAlso(RequestContext ctx, Bucket bucket, String action, String key) {
        access.checkAlso(ctx, bucket, action, key);
    }

    /** Replaces the bucket's policy (null: none); false when the bucket is gone. */
    public boolean setPolicy(String name, String policy) {
        cache.evict(name);
        return jdbc.sql("update bucket set policy = ? where name = ?").params(policy, name).update() == 1;
    }

    /** Replaces the bucket's PublicAccessBlock configuration (null: none); false when the bucket is gone. */
    public boolean setPublicAccessBlock(String name, String configuration) {
        cache.evict(name);
        return jdbc.sql("update bucket set public_access_block = ? where name = ?").params(configuration, name)
                .update() == 1;
    }

    /** Sets the bucket's ObjectOwnership (null: none configured); false when the bucket is gone. */
    public boolean setOwnership(String name, String ownership) {
        cache.evict(name);
        return jdbc.sql("update bucket set object_ownership = ? where name = ?").params(ownership, name).update() == 1;
    }

    /** Replaces the bucket's ACL grants (JSON; null: the owner's alone); false when the bucket is gone. */
    public boolean setAcl(String name, String grants) {
        cache.evict(name);
        return jdbc.sql("update bucket set acl = ? where name = ?").params(grants, name).update() == 1;
    }

    /** The bucket's ACL grants as stored (null: the owner's alone). */
    public String acl(String name) {
        return jdbc.sql("select acl from bucket where name = ?").param(name).query(String.class).optional().orElse(null);
    }

    /**
     * Replaces the bucket's replication configuration and the key prefixes of its enabled rules (null: none); false
     * when the bucket is gone.
     */
    public boolean setReplication(String name, String configuration, List<String> prefixes) {
        cache.evict(name);
        return jdbc.sql("update bucket set replication = ?, replication_prefixes = ? where name = ?")
                .params(configuration, prefixes == null ? null : prefixes.toArray(String[]::new), name).update() == 1;
    }

    /** The bucket's replication configuration as stored (null: none). */
    public String replication(String name) {
        return jdbc.sql("select replication from bucket where name = ?").param(name).query(String.class).optional()
                .orElse(null);
    }

    /** Sets a column of simple bucket settings ({@code accelerate}, {@code request_payer}); false when the bucket is gone. */
    public boolean setSetting(String name, String column, String value) {
        if (!column.equals("accelerate") && !column.equals("request_payer")) {
            throw new IllegalArgumentException(column);
        }
        cache.evict(name);
        return jdbc.sql("update bucket set " + column + " = ? where name = ?").params(value, name).update() == 1;
    }

    /** The bucket's Transfer Acceleration status (null: never set). */
    public String accelerate(String name) {
        return jdbc.sql("select accelerate from bucket where name = ?").param(name).query(String.class).optional()
                .orElse(null);
    }

    /** Inserts the bucket; false when the name is taken (by anyone). */
    public boolean create(Bucket bucket) {
        cache.evict(bucket.name());
        try {
            jdbc.sql("""
                    insert into bucket (name, account_id, region, created_at, object_ownership, object_lock_enabled, versioning,
                        acl)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(bucket.name(), bucket.accountId(), bucket.region(),
                            Timestamp.from(bucket.createdAt().truncatedTo(ChronoUnit.MILLIS)), bucket.objectOwnership(),
                            bucket.objectLockEnabled(), bucket.versioning(), bucket.acl())
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** The account's buckets after {@code after} (by name), with the prefix, in the region when one is given. */
    public List<Bucket> listOwnedBy(String accountId, String prefix, String region, String after, int limit) {
        return jdbc.sql(COLUMNS + """
                 where account_id = ? and name > ? and starts_with(name, ?)
                and (cast(? as text) is null or region = ?)
                order by name limit ?""")
                .params(accountId, after == null ? "" : after, prefix == null ? "" : prefix, region, region, limit)
                .query(ROW).list();
    }

    /** Whether the bucket holds any object version (delete markers included). */
    public boolean hasObjects(String name) {
        return !jdbc.sql("select 1 from object where bucket = ? limit 1").param(name).query().listOfRows().isEmpty();
    }

    /** Deletes an empty bucket; false when it still holds objects. Atomic with respect to concurrent puts. */
    public boolean deleteIfEmpty(String name) {
        cache.evict(name);
        try {
            int deleted = jdbc.sql("""
                    delete from bucket b where b.name = ?
                    and not exists (select 1 from object o where o.bucket = b.name)""")
                    .param(name).update();
            return deleted == 1;
        } catch (DataIntegrityViolationException e) {
            return false; // an object arrived while we deleted
        }
    }

    /** The bucket's tag set, null when it has none. */
    public Map<String, String> tags(String name) {
        String json = jdbc.sql("select tags from bucket where name = ?").param(name).query(String.class).optional().orElse(null);
        return json == null ? null : StoredMaps.jsonMap(json);
    }

    /** Replaces the bucket's tag set (null removes it). */
    public void setTags(String name, Map<String, String> tags) {
        cache.evict(name);
        jdbc.sql("update bucket set tags = ?::jsonb where name = ?").params(tags == null ? null : StoredMaps.toJson(tags), name)
                .update();
    }

    /** Sets the bucket's default encryption (null: back to SSE-S3). */
    public void setEncryption(String name, Encryption encryption) {
        cache.evict(name);
        Encryption e = encryption == null ? Encryption.SSE_S3 : encryption;
        jdbc.sql("update bucket set sse_algorithm = ?, kms_key_id = ?, bucket_key_enabled = ? where name = ?")
                .params(e.algorithm(), e.kmsKeyId(), e.bucketKeyEnabled(), name).update();
    }

    /** Sets the bucket's versioning state and MFA-delete flag (null: left as it is). */
    public void setVersioning(String name, String status, String mfaDelete) {
        cache.evict(name);
        jdbc.sql("update bucket set versioning = coalesce(?, versioning), mfa_delete = coalesce(?, mfa_delete) where name = ?")
                .params(status, mfaDelete, name).update();
    }

    /**
     * Replaces the bucket's notification configuration (null: none), in the caller's transaction when there is one;
     * false when the bucket is gone.
     */
    public boolean setNotification(String name, String configuration) {
        cache.evict(name);
        return jdbc.sql("update bucket set notification = ? where name = ?").params(configuration, name).update() == 1;
    }

    /** Replaces the bucket's lifecycle configuration (null: none); false when the bucket is gone. */
    public boolean setLifecycle(String name, String configuration, String transitionMinSize) {
        cache.evict(name);
        return jdbc.sql("update bucket set lifecycle = ?, transition_min_size = ? where name = ?")
                .params(configuration, transitionMinSize, name).update() == 1;
    }

    /**
     * Sets the bucket's Object Lock configuration, enabling Object Lock on it (its versioning must be enabled); false
     * when the bucket is gone.
     */
    public boolean setObjectLock(String name, String configuration) {
        cache.evict(name);
        return jdbc.sql("update bucket set object_lock = ?, object_lock_enabled = true where name = ?")
                .params(configuration, name).update() == 1;
    }

    /** The buckets that have a lifecycle configuration, as read now. */
    public List<Bucket> withLifecycle() {
        return jdbc.sql(COLUMNS + " where lifecycle is not null order by name").query(ROW).list();
    }
}
