package dev.overcast.s3.object;

import dev.overcast.common.db.SqlState;
import dev.overcast.common.db.VersionedRowCache;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.StoredMaps;
import dev.overcast.s3.StoredText;
import dev.overcast.s3.checksum.Md5;
import dev.overcast.s3.checksum.ObjectChecksum;
import dev.overcast.s3.encryption.CustomerKey;
import dev.overcast.s3.encryption.SealedBody;
import dev.overcast.s3.notification.Notifications;
import dev.overcast.s3.notification.ObjectEvents;
import dev.overcast.s3.versioning.Versions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.EmptySqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Objects in {@code s3.object}, one row per version, with their bytes inline (small), in the chunks of their own
 * blob (blob id = object id), or, for a completed multipart upload, in the blobs of their parts
 * ({@code s3.object_part}, laid end to end). A put is one transaction: the bytes stream in chunk by chunk, the new
 * version becomes the key's current one in the same commit (replacing the {@code null} version, row, parts and
 * chunks, unless the bucket's versioning is enabled), and a failed or abandoned upload leaves nothing behind.
 */
@Repository
public class ObjectStore {

    private static final String COLUMNS = "id, bucket, key, size, etag, last_modified, content_type, content_encoding, "
            + "content_disposition, content_language, cache_control, expires, storage_class, user_metadata, chunk_size, chunk_count, "
            + "part_count, tags, sse_algorithm, kms_key_id, bucket_key_enabled, checksum_algorithm, checksum_value, checksum_type, "
            + "version_id, is_latest, delete_marker, sse_customer_key_md5, sse_iv, lock_mode, lock_retain_until, legal_hold, "
            + "restore_ready_at, restore_expires_at, website_redirect, replication_status, owner_account, acl";
    /** {@link #COLUMNS} of the object row {@code o} in a join. */
    private static final String JOINED_COLUMNS = java.util.Arrays.stream(COLUMNS.split(", "))
            .map(c -> "o." + c).collect(java.util.stream.Collectors.joining(", "));
    private static final RowMapper<StoredObject> ROW = (rs, i) -> ObjectColumns.row(rs, false);
    private static final RowMapper<ObjectPart> PART_ROW = (rs, i) -> new ObjectPart(rs.getInt("part_number"),
            rs.getLong("start_offset"), rs.getLong("size"), rs.getLong("blob_id"), rs.getInt("chunk_size"),
            rs.getBytes("sse_iv"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ChunkStore chunks;
    private final int chunkSize;
    private final int inlineLimit;
    private final SuiteClock clock;
    /** Small bodies' puts, committed in groups (null: each alone). */
    private final GroupedPuts grouped;

    /**
     * @param inlineLimit bodies shorter than this live in their object's row (written in one round trip); longer ones
     *                    in chunk rows of a blob of their own
     */
    public ObjectStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, ChunkStore chunks,
                       @Value("${overcast.s3.inline-limit:65536}") int inlineLimit, SuiteClock clock,
                       @Value("${overcast.s3.group-commit:true}") boolean groupCommit,
                       @Value("${overcast.s3.group-commit-size:64}") int groupSize,
                       @Value("${overcast.s3.group-commit-groups:2}") int groups) {
        this.clock = clock;
        this.jdbc = StoredText.binding(jdbc);
        this.tx = new TransactionTemplate(transactions);
        this.chunks = chunks;
        this.chunkSize = chunks.chunkSize();
        this.inlineLimit = inlineLimit;
        this.grouped = groupCommit ? new GroupedPuts(this, this.jdbc, tx, groupSize, groups) : null;
    }

    /**
     * A body to store, read only when {@link #put} first needs it, and then only as far as its first chunk (all of a
     * small one) until it is known that it can be written: a put that finds its cached bucket stale runs again on
     * the same upload, which has lost nothing.
     */
    public Upload upload(InputStream plainBody, CustomerKey key, Long declaredSize) {
        return new Upload(plainBody, key, declaredSize);
    }

    /** See {@link #upload}. */
    public final class Upload {
        private final InputStream plainBody;
        private final CustomerKey key;
        /** See {@link ChunkStore#write}. */
        private final Long declaredSize;
        private SealedBody sealed;
        private byte[] first;
        private Finished finished;
        private RuntimeException refused;

        private Upload(InputStream plainBody, CustomerKey key, Long declaredSize) {
            this.plainBody = plainBody;
            this.key = key;
            this.declaredSize = declaredSize;
        }

        /** SSE-C: the MD5 of the plaintext is taken on the way in (for Content-MD5), the ETag is that of the ciphertext. */
        private SealedBody sealed() {
            if (sealed == null) {
                sealed = SealedBody.of(plainBody, key);
            }
            return sealed;
        }

        /** The body's first bytes: all of a small one, the first {@code inlineLimit} of a large one. */
        private byte[] first() {
            if (first == null) {
                first = readHead(sealed().stream());
            }
            return first;
        }

        /** Whether the whole body fits in the object's row (shorter than the inline limit). */
        private boolean small() {
            return first().length < inlineLimit;
        }

        /** A small body, checked (Content-MD5, flexible checksum) once, however often the put runs. */
        private Finished finishSmall(byte[] expectedMd5, Supplier<ObjectChecksum> verifyBody) {
            if (refused != null) {
                throw refused;
            }
            if (finished == null) {
                try {
                    byte[] digest = Md5.newDigest().digest(first());
                    finished = new Finished(digest, checked(digest, expectedMd5, verifyBody));
                } catch (RuntimeException e) {
                    refused = e;
                    throw e;
                }
            }
            return finished;
        }

        /** Content-MD5, then the flexible checksum, once the body has been read to its end. */
        private ObjectChecksum checked(byte[] digest, byte[] expectedMd5, Supplier<ObjectChecksum> verifyBody) {
            if (expectedMd5 != null && !MessageDigest.isEqual(expectedMd5, sealed().plainMd5(digest))) {
                throw S3Errors.badDigest();
            }
            return verifyBody == null ? null : verifyBody.get();
        }
    }

    private record Finished(byte[] md5, ObjectChecksum checksum) {
    }

    /**
     * Stores the body under the key, replacing what was there, atomically. A small body (less than a chunk) is
     * committed with the small puts arriving with it ({@link GroupedPuts}; without group commit, in one round trip
     * when it has no precondition); any other in one transaction that streams the bytes in chunk by chunk.
     *
     * @param bucketVersion the version of the cached bucket the write was decided on (throws
     *                      {@link VersionedRowCache.Stale}, having written nothing and read no more than the first
     *                      chunk, when the bucket changed), or null
     * @param contentMd5    the request's Content-MD5 (base64) to check the bytes against, or null
     * @param verifyBody    runs once the body has been read: verifies the declared flexible checksum (throws to
     *                      refuse) and returns it to store; or null
     * @param precondition  runs with the key locked, on what the key holds now; throws to refuse, or null
     * @param events        the events of the put, written in its transaction
     */
    public StoredObject put(Long bucketVersion, ObjectWrite write, Upload body, String contentMd5,
                            Supplier<ObjectChecksum> verifyBody, Consumer<Optional<StoredObject>> precondition,
                            ObjectEvents events) {
        byte[] expectedMd5 = Md5.decodeHeader(contentMd5);
        Supplier<StoredObject> streamed = () -> tx.execute(status -> {
            checkBucketVersion(write.bucket(), bucketVersion);
            return announce(events, store(write, body, expectedMd5, verifyBody, precondition));
        });
        try {
            if (body.small() && (precondition == null || grouped != null)) {
                Finished f = body.finishSmall(expectedMd5, verifyBody);
                StoredObject o = newObject(write, 0, body.first().length, 0, chunkSize, f.md5(), f.checksum(),
                        body.sealed().iv());
                Supplier<StoredObject> alone = precondition == null ? () -> putSmall(o, body.first(), bucketVersion, events)
                        : streamed;
                return grouped == null ? alone.get()
                        : grouped.put(new GroupedPuts.Member(o, body.first(), bucketVersion, precondition, events), alone);
            }
            return streamed.get();
        } catch (DataIntegrityViolationException e) {
            throw S3Errors.noSuchBucket(write.bucket()); // the bucket went away under us
        }
    }

    /**
     * Writes a small object (its bytes inline) without a precondition: in one round trip, its events too when the
     * bucket's version is known (they are named as that version says); in the caller's transaction if there is one.
     */
    StoredObject putSmall(StoredObject o, byte[] inline, Long bucketVersion, ObjectEvents events) {
        if (!events.wanted(o.key())) {
            return replace(o, inline, bucketVersion);
        }
        if (bucketVersion != null) {
            String versionId = versionIdFor(o);
            return replace(o, inline, bucketVersion, null, versionId,
                    events.pendingCreation(o.key(), o.size(), o.etag(), versionId));
        }
        return tx.execute(status -> announce(events, replace(o, inline, bucketVersion)));
    }

    private StoredObject store(ObjectWrite write, Upload body, byte[] expectedMd5, Supplier<ObjectChecksum> verifyBody,
                               Consumer<Optional<StoredObject>> precondition) {
        StoredObject object;
        byte[] inline = null;
        if (body.small()) {
            Finished f = body.finishSmall(expectedMd5, verifyBody);
            inline = body.first();
            object = newObject(write, 0, inline.length, 0, chunkSize, f.md5(), f.checksum(), body.sealed().iv());
        } else {
            // more than a chunk may follow: the blob writer cuts it into chunk rows, computing the MD5 on the way
            ChunkStore.Written written = chunks.write(new SequenceInputStream(new ByteArrayInputStream(body.first()),
                    body.sealed().stream()), body.declaredSize);
            ObjectChecksum checksum = body.checked(written.md5(), expectedMd5, verifyBody);
            object = newObject(write, written.blobId(), written.size(), written.chunkCount(), written.layout(), written.md5(), checksum,
                    body.sealed().iv());
        }
        if (precondition != null) {
            precondition.accept(lockForCondition(write.bucket(), write.key()));
        }
        return replace(object, inline);
    }

    /** Within the transaction that stored it: the events of the object's creation. */
    public static StoredObject announce(ObjectEvents events, StoredObject stored) {
        events.changed(stored.key(), stored.size(), stored.etag(), stored.versionId(), stored.version().sequence());
        return stored;
    }

    private StoredObject newObject(ObjectWrite write, long id, long size, int chunkCount, int layout, byte[] md5,
                                   ObjectChecksum checksum, byte[] sseIv) {
        String etag = "\"" + HexFormat.of().formatHex(md5) + "\"";
        return StoredObject.of(id, write, new StoredObject.Bytes(size, etag, layout, chunkCount, null, sseIv), checksum,
                write.origin() == null ? now() : write.origin().lastModified()); // a replica keeps its source's
    }

    /** The version id a new version gets: a replica its source version's (as on S3), any other a new one. */
    private static String versionIdFor(StoredObject o) {
        ReplicaOrigin origin = o.attributes().origin();
        return origin == null || origin.versionId() == null ? Versions.newId() : origin.versionId();
    }

    /** Within the caller's transaction: {@link VersionedRowCache.Stale} unless the bucket is still that version (null: any). */
    private void checkBucketVersion(String bucket, Long version) {
        if (version != null) {
            try {
                jdbc.queryForObject("select 1 from (select check_bucket_version(?, ?)) c", Integer.class, bucket, version);
            } catch (DataAccessException e) {
                throw staleOr(e);
            }
        }
    }

    /** {@link VersionedRowCache.Stale} for the failure of {@code check_bucket_version}, the failure itself otherwise. */
    private static RuntimeException staleOr(DataAccessException e) {
        return SqlState.is(e, "OC001")
                ? VersionedRowCache.Stale.INSTANCE : e;
    }

    /**
     * Takes the key's lock and inserts the row as the key's new current version (see {@link #replace(StoredObject,
     * byte[], Long)}), in the caller's transaction, for a bucket read fresh.
     */
    public StoredObject replace(StoredObject o, byte[] inline) {
        return replace(o, inline, null);
    }

    /**
     * Takes the key's lock and inserts the row as the key's new current version: a new version id when the bucket's
     * versioning is enabled, else the {@code null} version, replacing the one there was (row, parts and chunks). The
     * new object's chunks or parts are the caller's to write. One round trip: the statements of {@link #REPLACE}
     * travel together, and outside a transaction they are one (the driver sends them with one Sync).
     *
     * @param o             an object whose id is 0 gets a new one (one whose bytes are inline)
     * @param bucketVersion the version of a cached bucket: {@link VersionedRowCache.Stale}, with nothing written, when
     *                      the bucket is no longer that version; null to check nothing
     * @return the object as stored, with its id and version id
     */
    public StoredObject replace(StoredObject o, byte[] inline, Long bucketVersion) {
        return replace(o, inline, bucketVersion, null, versionIdFor(o), null);
    }

    /**
     * As {@link #replace(StoredObject, byte[], Long)}, for the object a multipart upload completes (its id recorded, so
     * that a repeated complete finds the object: {@link #completedBy}).
     */
    public StoredObject replaceCompleted(StoredObject o, String uploadId) {
        return replace(o, null, null, uploadId, Versions.newId(), null);
    }

    /** @param events stored by the same round trip ({@link Notifications#PENDING_SQL}), or null */
    private StoredObject replace(StoredObject o, byte[] inline, Long bucketVersion, String uploadId, String versionId,
                                 Notifications.Pending events) {
        var params = ObjectColumns.bind(o, inline)
                .addValue("bucket_version", bucketVersion)
                .addValue("key_lock", keyLock(o.bucket(), o.key()))
                .addValue("version_id", versionId)
                .addValue("upload_id", uploadId);
        Object[] args = NamedParameterUtils.buildValueArray(events == null ? REPLACE : REPLACE_NOTIFYING,
                events == null ? params : events.bind(params), null);
        StoredObject stored;
        try {
            stored = jdbc.execute(events == null ? REPLACE_SQL : REPLACE_NOTIFYING_SQL, (PreparedStatement ps) -> {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                // the lock's row (its transaction), the update's count, then the insert's RETURNING row
                boolean resultSet = ps.execute();
                String lockedIn = null;
                StoredObject inserted = null;
                while (resultSet || ps.getUpdateCount() != -1) {
                    if (resultSet) {
                        try (ResultSet rs = ps.getResultSet()) {
                            if (rs.next()) {
                                if (rs.getMetaData().getColumnCount() == 1) {
                                    lockedIn = rs.getString(1);
                                } else {
                                    if (!rs.getString(2).equals(lockedIn)) {
                                        throw new IllegalStateException("the statements of a replace ran in "
                                                + "transactions of their own: " + lockedIn + ", " + rs.getString(2));
                                    }
                                    inserted = o.asVersion(rs.getLong(1), rs.getBoolean(3) ? "null" : versionId, rs.getLong(4));
                                }
                            }
                        }
                    }
                    resultSet = ps.getMoreResults();
                }
                return inserted;
            });
        } catch (DataAccessException ex) {
            throw staleOr(ex);
        }
        if (stored == null) {
            throw S3Errors.noSuchBucket(o.bucket()); // the bucket went away under us
        }
        return stored;
    }

    /**
     * Replacing a key's current version: the bucket's version check and the key's lock; then, unless the bucket's
     * versioning is enabled, the {@code null} version goes (row and parts; its blobs are orphaned); the current version, if another, stops
     * being current; then the new row, named by the bucket's versioning state (no row at all when the bucket is gone).
     * <p>
     * Outside a transaction the three statements are one all the same: the driver sends them with a single Sync, so
     * PostgreSQL runs them in one implicit transaction and holds the key's lock until it commits. The driver would
     * slip in a Sync (a commit) before a statement whose result row has a field of unbounded length, so every field
     * returned is of fixed length, and the first and last statements return their transaction's id, which
     * {@link #replace(StoredObject, byte[], Long)} compares.
     */
    private static final String REPLACE_TEXT = """
            select pg_current_xact_id()::xid from (select check_bucket_version(:bucket, :bucket_version)) checked,
                (select pg_advisory_xact_lock(:key_lock)) locked;
            with unversioned as (select 1 from bucket where name = :bucket and versioning is distinct from 'Enabled'),
                 null_version as (select id, chunk_count from object where bucket = :bucket and key = :key
                                  and version_id = 'null' and exists (select 1 from unversioned)),
            """ + ChunkStore.orphaning("null_version") + """
            ,
                 dropped as (delete from object where id in (select id from null_version))
            update object set is_latest = false
            where bucket = :bucket and key = :key and is_latest and id not in (select id from null_version);
            insert into object (id, bucket, key, size, etag, last_modified, content_type, content_encoding,
                content_disposition, content_language, cache_control, expires, storage_class, user_metadata,
                chunk_size, chunk_count, inline_data, part_count, tags, sse_algorithm, kms_key_id, bucket_key_enabled,
                checksum_algorithm, checksum_value, checksum_type, version_id, is_latest, delete_marker,
                sse_customer_key_md5, sse_iv, upload_id, lock_mode, lock_retain_until, legal_hold, website_redirect,
                replication_status, owner_account, acl)
            select coalesce(:id, nextval('object_id_seq')), b.name, :key, :size, :etag, :last_modified, :content_type,
                :content_encoding, :content_disposition, :content_language, :cache_control, :expires, :storage_class,
                :user_metadata::jsonb, :chunk_size, :chunk_count, :inline_data, :part_count, :tags::jsonb, :sse_algorithm,
                :kms_key_id, :bucket_key_enabled, :checksum_algorithm, :checksum_value, :checksum_type,
                case when b.versioning = 'Enabled' then :version_id else 'null' end, true, :delete_marker,
                :sse_customer_key_md5, :sse_iv, :upload_id, :lock_mode, :lock_retain_until, :legal_hold, :website_redirect,
                coalesce(:replication_status, case when exists (select 1
                    from unnest(b.replication_prefixes) p where starts_with(:key, p)) then 'PENDING' end),
                :owner_account, :acl
            from bucket b where b.name = :bucket
            returning id, xmin, version_id = 'null', version_seq""";
    private static final ParsedSql REPLACE = NamedParameterUtils.parseSqlStatement(REPLACE_TEXT);
    /** {@link #REPLACE} with its parameters as the driver takes them, bound by {@link NamedParameterUtils#buildValueArray}. */
    private static final String REPLACE_SQL = NamedParameterUtils.substituteNamedParameters(REPLACE,
            new EmptySqlParameterSource());
    /** {@link #REPLACE}, then the statements that store the change's events (still one round trip and transaction). */
    private static final ParsedSql REPLACE_NOTIFYING = NamedParameterUtils.parseSqlStatement(REPLACE_TEXT + ";\n"
            + Notifications.PENDING_SQL);
    private static final String REPLACE_NOTIFYING_SQL = NamedParameterUtils.substituteNamedParameters(REPLACE_NOTIFYING,
            new EmptySqlParameterSource());

    /** Drops one version: its row, parts and chunks. */
    private void deleteVersionRows(StoredObject version) {
        chunks.orphanBlobsOf(version.id(), version.bytes().chunkCount() > 0);
        jdbc.update("delete from object where id = ?", version.id());
    }

    /** Within the caller's transaction: serializes writers of one key until it commits. */
    public void lockKey(String bucket, String key) {
        jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, keyLock(bucket, key));
    }

    /**
     * Within the caller's transaction: the key's lock for a conditional write, and then its current version to
     * check the condition against. A write in progress on the key (holding the lock) makes it a 409
     * {@code ConditionalRequestConflict}, as on AWS, rather than a wait.
     */
    public Optional<StoredObject> lockForCondition(String bucket, String key) {
        if (!Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, keyLock(bucket, key)))) {
            throw S3Errors.conditionalRequestConflict();
        }
        return find(bucket, key);
    }

    /** The key's current version, which may be a delete marker. */
    public Optional<StoredObject> find(String bucket, String key) {
        return find(bucket, key, null);
    }

    /** The version asked for, or the key's current version when {@code versionId} is null. */
    public Optional<StoredObject> find(String bucket, String key, String versionId) {
        return (versionId == null
                ? jdbc.query("select " + COLUMNS + " from object where bucket = ? and key = ? and is_latest", ROW, bucket, key)
                : jdbc.query("select " + COLUMNS + " from object where bucket = ? and key = ? and version_id = ?", ROW,
                        bucket, key, versionId)).stream().findFirst();
    }

    /**
     * Within the caller's transaction: the version (current when {@code versionId} is null), share-locked until
     * the transaction ends so that it cannot be replaced or deleted while it is being copied.
     */
    public Optional<StoredObject> findForShare(String bucket, String key, String versionId) {
        return versionId == null ? query("where bucket = ? and key = ? and is_latest for share", bucket, key)
                : query("where bucket = ? and key = ? and version_id = ? for share", bucket, key, versionId);
    }

    /** The key's current version if the multipart upload with this id completed it. */
    public Optional<StoredObject> completedBy(String bucket, String key, String uploadId) {
        return query("where bucket = ? and key = ? and is_latest and upload_id = ?", bucket, key, uploadId);
    }

    private Optional<StoredObject> query(String where, Object... args) {
        return jdbc.query("select " + COLUMNS + " from object " + where, ROW, args).stream().findFirst();
    }

    /**
     * The version asked for (the current one when {@code versionId} is null), with the bytes of an object small enough
     * to live in its row when {@code withBytes} (so that reading it takes no second query), in one round trip that
     * also checks the cached bucket's version: {@link VersionedRowCache.Stale} when the bucket changed or is gone.
     */
    public Optional<StoredObject> find(String bucket, long bucketVersion, String key, String versionId, boolean withBytes) {
        String sql = "select b." + VersionedRowCache.VERSION + " as bucket_version, " + JOINED_COLUMNS
                + (withBytes ? ", o.inline_data" : "")
                + " from bucket b left join object o on o.bucket = b.name and o.key = ? and "
                + (versionId == null ? "o.is_latest" : "o.version_id = ?") + " where b.name = ?";
        RowMapper<Optional<StoredObject>> mapper = (rs, i) -> {
            if (rs.getLong("bucket_version") != bucketVersion) {
                throw VersionedRowCache.Stale.INSTANCE;
            }
            return rs.getObject("id") == null ? Optional.empty() : Optional.of(ObjectColumns.row(rs, withBytes));
        };
        List<Optional<StoredObject>> rows = versionId == null ? jdbc.query(sql, mapper, key, bucket)
                : jdbc.query(sql, mapper, key, versionId, bucket);
        if (rows.isEmpty()) {
            throw VersionedRowCache.Stale.INSTANCE; // the bucket is gone
        }
        return rows.get(0);
    }

    /**
     * Writes bytes {@code first..last} (inclusive) of the object to {@code out}, streaming chunk by chunk, decrypted
     * with the customer's key when it is SSE-C ({@code key} checked by the caller; null otherwise).
     */
    public void read(StoredObject object, long first, long last, OutputStream out, CustomerKey key) throws IOException {
        read(object, first, last, out, key, chunks::read);
    }

    /**
     * Like {@link #read}, but safe inside a transaction that writes other rows meanwhile (copies): one query per
     * chunk, no open cursor.
     */
    public void copyBytes(StoredObject object, long first, long last, OutputStream out, CustomerKey key)
            throws IOException {
        read(object, first, last, out, key, chunks::readChunkwise);
    }

    /** How a blob's chunks are read: through one cursor, or a query per chunk. */
    @FunctionalInterface
    private interface BlobReader {
        void read(long blobId, int chunkSize, long first, long last, OutputStream out) throws IOException;
    }

    private void read(StoredObject object, long first, long last, OutputStream out, CustomerKey key, BlobReader blobs)
            throws IOException {
        if (last < first) {
            return;
        }
        if (object.partCount() != null) {
            for (ObjectPart part : partsOverlapping(object.id(), first, last)) {
                long from = Math.max(first, part.startOffset()) - part.startOffset();
                long to = Math.min(last, part.startOffset() + part.size() - 1) - part.startOffset();
                blobs.read(part.blobId(), part.chunkSize(), from, to, plain(out, key, part.sseIv(), from));
            }
            return;
        }
        StoredObject.Bytes bytes = object.bytes();
        out = plain(out, key, bytes.sseIv(), first);
        if (bytes.chunkCount() == 0 && object.inlineData() != null) {
            if (last >= object.inlineData().length) {
                throw new IOException("Object " + object.key() + " changed while it was being read");
            }
            out.write(object.inlineData(), (int) first, (int) (last - first + 1));
            return;
        }
        if (bytes.chunkCount() == 0) {
            byte[] data = jdbc.queryForObject(
                    "select substring(inline_data from ? for ?) from object where id = ?", byte[].class,
                    (int) first + 1, (int) (last - first + 1), object.id());
            if (data == null || data.length != last - first + 1) {
                throw new IOException("Object " + object.key() + " changed while it was being read");
            }
            out.write(data);
            return;
        }
        blobs.read(object.id(), bytes.chunkSize(), first, last, out);
    }

    /** Where the stored bytes of a blob go from {@code offset} on: decrypted into {@code out} when SSE-C. */
    private static OutputStream plain(OutputStream out, CustomerKey key, byte[] iv, long offset) {
        return key == null || iv == null ? out : key.crypt(out, iv, offset);
    }

    /** A copy has the same bytes: a full-object checksum still holds (a composite one describes parts it lacks). */
    private static ObjectChecksum carriedChecksum(StoredObject source) {
        ObjectChecksum c = source.checksum();
        return c != null && "FULL_OBJECT".equals(c.type()) ? c : null;
    }

    private List<ObjectPart> partsOverlapping(long objectId, long first, long last) {
        return jdbc.query("""
                select part_number, start_offset, size, blob_id, chunk_size, sse_iv from object_part
                where object_id = ? and start_offset <= ? and start_offset + size > ? order by start_offset""",
                PART_ROW, objectId, last, first);
    }

    /** The parts of a multipart object, in order. */
    public List<ObjectPart> parts(long objectId) {
        return jdbc.query("""
                select part_number, start_offset, size, blob_id, chunk_size, sse_iv from object_part
                where object_id = ? order by part_number""", PART_ROW, objectId);
    }

    /**
     * Within the caller's transaction: records that the object's bytes are the given blob at the offset, uploaded
     * with the given checksum (null for none).
     */
    public void insertPart(long objectId, ObjectPart part, String checksum) {
        jdbc.update("""
                insert into object_part (object_id, part_number, start_offset, size, blob_id, chunk_size, sse_iv, checksum)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", objectId, part.partNumber(), part.startOffset(), part.size(),
                part.blobId(), part.chunkSize(), part.sseIv(), checksum);
    }

    /**
     * What a delete did, as DeleteObject reports it: the version id deleted or created (null: nothing to name, in
     * a bucket that was never versioned) and whether that version is a delete marker.
     */
    public record Deletion(String versionId, boolean deleteMarker) {
    }

    /**
     * Deletes in one transaction, if the precondition (run with the key locked, on the current version) lets it.
     * With a version id: that version goes for good (row, parts, chunks; nothing when it does not exist) and the
     * newest remaining one becomes current. Without: the key's current version in a bucket that was never versioned;
     * under enabled versioning a new delete marker becomes current; under suspended versioning a {@code null}
     * delete marker replaces the null version. {@code versionGuard} (or null) runs on the version named by its id
     * before it goes, with the key locked, and throws to refuse (Object Lock).
     */
    public Deletion delete(String bucket, String key, String versionId, Consumer<Optional<StoredObject>> precondition,
                           Consumer<StoredObject> versionGuard, ObjectEvents events) {
        return delete(bucket, key, versionId, precondition, versionGuard, events, null);
    }

    /**
     * As above; a new delete marker made by replication is a replica of the source's marker {@code replicaOf} (its
     * version id and time); null: the bucket's rules decide on its replication.
     */
    public Deletion delete(String bucket, String key, String versionId, Consumer<Optional<StoredObject>> precondition,
                           Consumer<StoredObject> versionGuard, ObjectEvents events, ReplicaOrigin replicaOf) {
        return tx.execute(status -> {
            if (precondition != null) {
                precondition.accept(lockForCondition(bucket, key));
            } else {
                lockKey(bucket, key);
            }
            if (versionId != null) {
                Optional<StoredObject> version = find(bucket, key, versionId);
                version.ifPresent(v -> {
                    if (versionGuard != null) {
                        versionGuard.accept(v);
                    }
                    deleteVersionRows(v);
                    if (v.latest()) {
                        jdbc.update("""
                                update object set is_latest = true where id = (select id from object
                                where bucket = ? and key = ? order by version_seq desc limit 1)""", bucket, key);
                    }
                    events.removed(key, v.versionId(), false, 0);
                });
                return new Deletion(versionId, version.map(StoredObject::deleteMarker).orElse(false));
            }
            String versioning = jdbc.query("select versioning from bucket where name = ?",
                    rs -> rs.next() ? rs.getString(1) : null, bucket);
            if (versioning == null) {
                find(bucket, key).ifPresent(v -> {
                    deleteVersionRows(v);
                    events.removed(key, null, false, 0);
                });
                return new Deletion(null, false);
            }
            StoredObject marker = replace(StoredObject.deleteMarker(0, bucket, key, now(), replicaOf), null);
            events.removed(key, marker.versionId(), true, marker.version().sequence());
            return new Deletion(marker.versionId(), true);
        });
    }

    /**
     * Replaces the tags of the version (current when {@code versionId} is null), found as a read finds it
     * ({@link Versions#readable}), giving it to {@code noted} in the same transaction (replication notes the change
     * there); returns that version.
     */
    public StoredObject setTags(String bucket, String key, String versionId, Map<String, String> tags,
                                ObjectEvents events, Consumer<StoredObject> noted) {
        return tx.execute(status -> {
            lockKey(bucket, key);
            StoredObject version = ObjectVersions.readable(find(bucket, key, versionId), key, versionId, "PUT");
            jdbc.update("update object set tags = ?::jsonb where id = ?", StoredMaps.toJson(tags), version.id());
            events.changed(key, null, version.etag(), version.versionId(), 0);
            noted.accept(version);
            return version;
        });
    }

    /** What a copy read and wrote: the source version and the new object. */
    public record Copy(StoredObject source, StoredObject stored) {
    }

    /**
     * Copies the source version's bytes (current when {@code fromVersionId} is null) into a new object under the
     * target's key, in one transaction: the source is share-locked while its bytes are read, the target replaced
     * as by a put.
     *
     * @param target       the new object's attributes, given the source (directives applied by the caller)
     * @param precondition runs on the share-locked source before anything is written (copy-source conditions)
     * @param targetCondition runs with the target's key locked, on what it holds now, before any byte is copied
     *                     (If-Match, If-None-Match); throws to refuse, or null
     * @param sourceKey    the customer key the source was written with (checked here), or null
     * @param targetKey    the customer key to encrypt the copy with, or null
     * @param events       the events of the copy, written in its transaction
     */
    public Copy copy(String fromBucket, String fromKey, String fromVersionId,
                     java.util.function.Function<StoredObject, ObjectWrite> target, Consumer<StoredObject> precondition,
                     Consumer<Optional<StoredObject>> targetCondition, CustomerKey sourceKey, CustomerKey targetKey,
                     ObjectEvents events) {
        try {
            return tx.execute(status -> {
                StoredObject source = ObjectVersions.copySource(findForShare(fromBucket, fromKey, fromVersionId), fromKey,
                        fromVersionId);
                CustomerKey.checkRead(sourceKey, source.encryption().customerKeyMd5());
                precondition.accept(source);
                ObjectWrite write = target.apply(source);
                if (targetCondition != null) {
                    targetCondition.accept(lockForCondition(write.bucket(), write.key()));
                }
                byte[] iv = targetKey == null ? null : CustomerKey.newIv();
                ChunkStore.Written written;
                try (ChunkStore.BlobOutput out = chunks.openBlob()) {
                    copyBytes(source, 0, source.size() - 1, targetKey == null ? out : targetKey.crypt(out, iv, 0), sourceKey);
                    written = out.written();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                String etag = "\"" + HexFormat.of().formatHex(written.md5()) + "\"";
                StoredObject stored = StoredObject.of(written.blobId(), write, new StoredObject.Bytes(written.size(), etag,
                        written.layout(), written.chunkCount(), null, iv), carriedChecksum(source),
                        now());
                return new Copy(source, announce(events, replace(stored, written.chunkCount() == 0 ? new byte[0] : null)));
            });
        } catch (DataIntegrityViolationException e) {
            throw S3Errors.noSuchBucket(fromBucket);
        }
    }

    /**
     * Lists the current versions (delete markers aside) of keys after {@code after} that start with {@code prefix},
     * rolling keys up to the first {@code delimiter} after the prefix into common prefixes, up to {@code maxKeys}
     * entries: one scan of the current-version index.
     */
    public ObjectListing list(String bucket, String prefix, String delimiter, String after, int maxKeys) {
        KeyRange range = KeyRange.of(prefix, delimiter, after);
        String p = range.prefix();
        String upper = range.upper();
        String start = range.after();
        String select = "select " + COLUMNS + " from object where bucket = ? and key >= ? and key < ?"
                + " and is_latest and not delete_marker ";
        KeyRollup.Page<StoredObject> page = KeyRollup.page(new KeyRollup.Rows<>() {
            @Override
            public List<StoredObject> after(StoredObject row, int limit) {
                return jdbc.query(select + "and key > ? order by key limit ?", ROW, bucket, p, upper,
                        row == null ? start : row.key(), limit);
            }

            @Override
            public List<StoredObject> from(String key, int limit) {
                return jdbc.query(select + "and key >= ? order by key limit ?", ROW, bucket, p, upper, key, limit);
            }
        }, StoredObject::key, range, delimiter, maxKeys);
        return new ObjectListing(page.rows(), page.prefixes(), page.truncated(), page.lastKey());
    }

    /**
     * Lists every version and delete marker of keys that start with {@code prefix}, keys in byte order and each
     * key's versions newest first, after the markers (a key marker alone skips every version of that key; with a
     * version-id marker, the versions of that key older than it follow), keys rolled up to the delimiter into common
     * prefixes, up to {@code maxKeys} entries: one scan of the versions index.
     */
    public KeyRollup.Page<StoredObject> listVersions(String bucket, String prefix, String delimiter, String keyMarker,
                                                      String versionIdMarker, int maxKeys) {
        KeyRange range = KeyRange.of(prefix, delimiter, keyMarker);
        String p = range.prefix();
        String upper = range.upper();
        String select = "select " + COLUMNS + " from object where bucket = ? and key >= ? and key < ? ";
        String order = " order by key, version_seq desc limit ?";
        return KeyRollup.page(new KeyRollup.Rows<>() {
            @Override
            public List<StoredObject> after(StoredObject row, int limit) {
                String key = row == null ? range.after() : row.key();
                String versionId = row == null ? (range.startsAtKey(keyMarker) ? versionIdMarker : null) : row.versionId();
                if (versionId == null) {
                    return jdbc.query(select + "and key > ?" + order, ROW, bucket, p, upper, key, limit);
                }
                return jdbc.query(select + """
                        and key >= ? and (key > ? or version_seq < (select v.version_seq from object v
                        where v.bucket = ? and v.key = ? and v.version_id = ?))""" + order,
                        ROW, bucket, p, upper, key, key, bucket, key, versionId, limit);
            }

            @Override
            public List<StoredObject> from(String key, int limit) {
                return jdbc.query(select + "and key >= ?" + order, ROW, bucket, p, upper, key, limit);
            }
        }, StoredObject::key, range, delimiter, maxKeys);
    }


    /** The advisory lock that serializes the writers of one key. */
    public static long keyLock(String bucket, String key) {
        long h = 1125899906842597L;
        for (String s : new String[]{bucket, "/", key}) {
            for (int i = 0; i < s.length(); i++) {
                h = 31 * h + s.charAt(i);
            }
        }
        return h;
    }

    /**
     * Reads up to the inline limit, growing the buffer as bytes arrive, so a 1 KiB object costs a 1 KiB array rather
     * than the whole limit. The array is exactly as long as what was read.
     */
    private byte[] readHead(InputStream in) {
        try {
            byte[] buffer = new byte[Math.min(inlineLimit, 16 * 1024)];
            int total = 0;
            while (true) {
                int n = in.read(buffer, total, buffer.length - total);
                if (n < 0) {
                    return total == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, total);
                }
                total += n;
                if (total == buffer.length) {
                    if (buffer.length == inlineLimit) {
                        return buffer;
                    }
                    buffer = java.util.Arrays.copyOf(buffer, Math.min(inlineLimit, buffer.length * 2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The suite's time, as objects are stamped with it. */
    public Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
