package dev.overcast.s3.object;

import dev.overcast.s3.S3Errors;
import dev.overcast.s3.checksum.ObjectChecksum;
import dev.overcast.s3.encryption.Encryption;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Objects in {@code s3.object} with their bytes inline (small), in the chunks of their own blob (blob id = object
 * id), or, for a completed multipart upload, in the blobs of their parts ({@code s3.object_part}, laid end to end).
 * A put is one transaction: the bytes stream in chunk by chunk, the previous object under the key (row, parts and
 * chunks) goes in the same commit, and a failed or abandoned upload leaves nothing behind.
 */
@Repository
public class ObjectStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, bucket, key, size, etag, last_modified, content_type, content_encoding, "
            + "content_disposition, content_language, cache_control, expires, storage_class, user_metadata, chunk_size, chunk_count, "
            + "part_count, tags, sse_algorithm, kms_key_id, bucket_key_enabled, checksum_algorithm, checksum_value, checksum_type";
    private static final RowMapper<StoredObject> ROW = (rs, i) -> row(rs);
    private static final RowMapper<ObjectPart> PART_ROW = (rs, i) -> new ObjectPart(rs.getInt("part_number"),
            rs.getLong("start_offset"), rs.getLong("size"), rs.getLong("blob_id"), rs.getInt("chunk_size"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ChunkStore chunks;
    private final int chunkSize;

    public ObjectStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, ChunkStore chunks) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.chunks = chunks;
        this.chunkSize = chunks.chunkSize();
    }

    /**
     * Stores the body under the key, replacing what was there, in one transaction.
     *
     * @param contentMd5   the request's Content-MD5 (base64) to check the bytes against, or null
     * @param verifyBody   runs once the body has been read: verifies the declared flexible checksum (throws to
     *                     refuse) and returns it to store; or null
     * @param precondition runs with the key locked, on what the key holds now; throws to refuse, or null
     */
    public StoredObject put(ObjectWrite write, InputStream body, String contentMd5, Supplier<ObjectChecksum> verifyBody,
                            Consumer<Optional<StoredObject>> precondition) {
        byte[] expectedMd5 = decodeMd5(contentMd5);
        try {
            return tx.execute(status -> store(write, body, expectedMd5, verifyBody, precondition));
        } catch (DataIntegrityViolationException e) {
            throw S3Errors.noSuchBucket(write.bucket()); // the bucket went away under us
        }
    }

    private StoredObject store(ObjectWrite write, InputStream body, byte[] expectedMd5, Supplier<ObjectChecksum> verifyBody,
                               Consumer<Optional<StoredObject>> precondition) {
        byte[] first = readFirstChunk(body);
        long id;
        long size;
        int chunkCount;
        byte[] inline;
        byte[] digest;
        if (first.length < chunkSize) {
            id = chunks.nextId();
            inline = first;
            size = first.length;
            chunkCount = 0;
            digest = md5().digest(first);
        } else {
            // more than a chunk may follow: the blob writer cuts it into chunk rows, computing the MD5 on the way
            ChunkStore.Written written = chunks.write(new SequenceInputStream(new ByteArrayInputStream(first), body));
            id = written.blobId();
            inline = null;
            size = written.size();
            chunkCount = written.chunkCount();
            digest = written.md5();
        }
        if (expectedMd5 != null && !MessageDigest.isEqual(expectedMd5, digest)) {
            throw S3Errors.badDigest();
        }
        ObjectChecksum checksum = verifyBody == null ? null : verifyBody.get();
        if (precondition != null) {
            lockKey(write.bucket(), write.key());
            precondition.accept(find(write.bucket(), write.key()));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String etag = "\"" + HexFormat.of().formatHex(digest) + "\"";
        StoredObject stored = StoredObject.of(id, write, size, etag, now, chunkSize, chunkCount, null, checksum);
        replace(stored, inline);
        return stored;
    }

    /**
     * Within the caller's transaction: takes the key's lock, drops what was stored under the key (row, parts and
     * chunks) and inserts the new row. The new object's chunks or parts are the caller's to write.
     */
    public void replace(StoredObject o, byte[] inline) {
        lockKey(o.bucket(), o.key());
        deleteRows(o.bucket(), o.key());
        jdbc.update("""
                insert into object (id, bucket, key, size, etag, last_modified, content_type, content_encoding,
                    content_disposition, content_language, cache_control, expires, storage_class, user_metadata,
                    chunk_size, chunk_count, inline_data, part_count, tags, sse_algorithm, kms_key_id, bucket_key_enabled,
                    checksum_algorithm, checksum_value, checksum_type)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)""",
                o.id(), o.bucket(), o.key(), o.size(), o.etag(), Timestamp.from(o.lastModified()), o.contentType(),
                o.contentEncoding(), o.contentDisposition(), o.contentLanguage(), o.cacheControl(),
                o.expires(), o.storageClass(), toJson(o.userMetadata()), o.chunkSize(), o.chunkCount(), inline,
                o.partCount(), toJson(o.tags()), o.encryption().algorithm(), o.encryption().kmsKeyId(),
                o.encryption().bucketKeyEnabled(), o.checksum() == null ? null : o.checksum().algorithm(),
                o.checksum() == null ? null : o.checksum().value(), o.checksum() == null ? null : o.checksum().type());
    }

    /** Within the caller's transaction: serializes writers of one key until it commits. */
    public void lockKey(String bucket, String key) {
        jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, keyLock(bucket, key));
    }

    private int deleteRows(String bucket, String key) {
        chunks.deleteBlobsOfObjects(bucket, key);
        return jdbc.update("delete from object where bucket = ? and key = ?", bucket, key);
    }

    public Optional<StoredObject> find(String bucket, String key) {
        return jdbc.query("select " + COLUMNS + " from object where bucket = ? and key = ?", ROW, bucket, key)
                .stream().findFirst();
    }

    /**
     * Within the caller's transaction: the object, share-locked until the transaction ends so that it cannot be
     * replaced or deleted while it is being copied.
     */
    public Optional<StoredObject> findForShare(String bucket, String key) {
        return jdbc.query("select " + COLUMNS + " from object where bucket = ? and key = ? for share", ROW, bucket, key)
                .stream().findFirst();
    }

    /** Writes bytes {@code first..last} (inclusive) of the object to {@code out}, streaming chunk by chunk. */
    public void read(StoredObject object, long first, long last, OutputStream out) throws IOException {
        read(object, first, last, out, chunks::read);
    }

    /**
     * Like {@link #read}, but safe inside a transaction that writes other rows meanwhile (copies): one query per
     * chunk, no open cursor.
     */
    public void copyBytes(StoredObject object, long first, long last, OutputStream out) throws IOException {
        read(object, first, last, out, chunks::readChunkwise);
    }

    /** How a blob's chunks are read: through one cursor, or a query per chunk. */
    @FunctionalInterface
    private interface BlobReader {
        void read(long blobId, int chunkSize, long first, long last, OutputStream out) throws IOException;
    }

    private void read(StoredObject object, long first, long last, OutputStream out, BlobReader blobs) throws IOException {
        if (last < first) {
            return;
        }
        if (object.partCount() != null) {
            for (ObjectPart part : partsOverlapping(object.id(), first, last)) {
                long from = Math.max(first, part.startOffset()) - part.startOffset();
                long to = Math.min(last, part.startOffset() + part.size() - 1) - part.startOffset();
                blobs.read(part.blobId(), part.chunkSize(), from, to, out);
            }
            return;
        }
        if (object.chunkCount() == 0) {
            byte[] data = jdbc.queryForObject(
                    "select substring(inline_data from ? for ?) from object where id = ?", byte[].class,
                    (int) first + 1, (int) (last - first + 1), object.id());
            if (data == null || data.length != last - first + 1) {
                throw new IOException("Object " + object.key() + " changed while it was being read");
            }
            out.write(data);
            return;
        }
        blobs.read(object.id(), object.chunkSize(), first, last, out);
    }

    /** A copy has the same bytes: a full-object checksum still holds (a composite one describes parts it lacks). */
    private static ObjectChecksum carriedChecksum(StoredObject source) {
        ObjectChecksum c = source.checksum();
        return c != null && "FULL_OBJECT".equals(c.type()) ? c : null;
    }

    private List<ObjectPart> partsOverlapping(long objectId, long first, long last) {
        return jdbc.query("""
                select part_number, start_offset, size, blob_id, chunk_size from object_part
                where object_id = ? and start_offset <= ? and start_offset + size > ? order by start_offset""",
                PART_ROW, objectId, last, first);
    }

    /** The parts of a multipart object, in order. */
    public List<ObjectPart> parts(long objectId) {
        return jdbc.query("""
                select part_number, start_offset, size, blob_id, chunk_size from object_part
                where object_id = ? order by part_number""", PART_ROW, objectId);
    }

    /**
     * Within the caller's transaction: records that the object's bytes are the given blob at the offset, uploaded
     * with the given checksum (null for none).
     */
    public void insertPart(long objectId, ObjectPart part, String checksum) {
        jdbc.update("""
                insert into object_part (object_id, part_number, start_offset, size, blob_id, chunk_size, checksum)
                values (?, ?, ?, ?, ?, ?, ?)""", objectId, part.partNumber(), part.startOffset(), part.size(),
                part.blobId(), part.chunkSize(), checksum);
    }

    /** Deletes the key; true if it existed. */
    public boolean delete(String bucket, String key) {
        return delete(bucket, key, null);
    }

    /** Deletes the key if the precondition (run with the key locked, on what it holds) lets it; true if it existed. */
    public boolean delete(String bucket, String key, Consumer<Optional<StoredObject>> precondition) {
        return tx.execute(status -> {
            lockKey(bucket, key);
            if (precondition != null) {
                precondition.accept(find(bucket, key));
            }
            return deleteRows(bucket, key) > 0;
        });
    }

    /** Replaces the object's tags; false when there is no such object. */
    public boolean setTags(String bucket, String key, Map<String, String> tags) {
        return tx.execute(status -> {
            lockKey(bucket, key);
            return jdbc.update("update object set tags = ?::jsonb where bucket = ? and key = ?", toJson(tags), bucket, key) > 0;
        });
    }

    /**
     * Copies the source object's bytes into a new object under the target's key, in one transaction: the source
     * is share-locked while its bytes are read, the target replaced as by a put.
     *
     * @param target       the new object's attributes, given the source (directives applied by the caller)
     * @param precondition runs on the share-locked source before anything is written (copy-source conditions)
     */
    public StoredObject copy(String fromBucket, String fromKey, java.util.function.Function<StoredObject, ObjectWrite> target,
                             Consumer<StoredObject> precondition) {
        try {
            return tx.execute(status -> {
                StoredObject source = findForShare(fromBucket, fromKey).orElseThrow(() -> S3Errors.noSuchKey(fromKey));
                precondition.accept(source);
                ObjectWrite write = target.apply(source);
                ChunkStore.Written written;
                try (ChunkStore.BlobOutput out = chunks.openBlob()) {
                    copyBytes(source, 0, source.size() - 1, out);
                    written = out.written();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                String etag = "\"" + HexFormat.of().formatHex(written.md5()) + "\"";
                StoredObject stored = StoredObject.of(written.blobId(), write, written.size(), etag,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS), chunkSize, written.chunkCount(), null,
                        carriedChecksum(source));
                replace(stored, written.chunkCount() == 0 ? new byte[0] : null);
                return stored;
            });
        } catch (DataIntegrityViolationException e) {
            throw S3Errors.noSuchBucket(fromBucket);
        }
    }

    /**
     * Lists keys after {@code after} that start with {@code prefix}, rolling keys up to the first
     * {@code delimiter} after the prefix into common prefixes, up to {@code maxKeys} entries.
     */
    public ObjectListing list(String bucket, String prefix, String delimiter, String after, int maxKeys) {
        String p = prefix == null ? "" : prefix;
        String upper = p + "\uDBFF\uDFFF";
        String cursor = after == null ? "" : after;
        boolean inclusive = false;
        List<StoredObject> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String lastKey = null;
        if (maxKeys <= 0) {
            boolean any = !jdbc.queryForList("select 1 from object where bucket = ? and key > ? and key >= ? and key < ? limit 1",
                    bucket, cursor, p, upper).isEmpty();
            return new ObjectListing(objects, prefixes, any, null);
        }
        while (true) {
            int batch = maxKeys - objects.size() - prefixes.size() + 1;
            List<StoredObject> rows = jdbc.query("select " + COLUMNS + " from object where bucket = ? and key "
                    + (inclusive ? ">=" : ">") + " ? and key >= ? and key < ? order by key limit ?",
                    ROW, bucket, cursor, p, upper, batch);
            boolean restarted = false;
            for (StoredObject o : rows) {
                if (objects.size() + prefixes.size() == maxKeys) {
                    return new ObjectListing(objects, prefixes, true, lastKey);
                }
                String common = commonPrefix(o.key(), p, delimiter);
                if (common == null) {
                    objects.add(o);
                    lastKey = o.key();
                } else {
                    prefixes.add(common);
                    lastKey = common;
                    cursor = common + "\uDBFF\uDFFF"; // skip every key under the common prefix
                    inclusive = true;
                    restarted = true;
                    break;
                }
            }
            if (!restarted) {
                if (rows.size() < batch) {
                    return new ObjectListing(objects, prefixes, false, lastKey);
                }
                cursor = rows.get(rows.size() - 1).key();
                inclusive = false;
            }
        }
    }

    public boolean bucketHasObjects(String bucket) {
        return !jdbc.queryForList("select 1 from object where bucket = ? limit 1", bucket).isEmpty();
    }

    public static String commonPrefix(String key, String prefix, String delimiter) {
        if (delimiter == null || delimiter.isEmpty()) {
            return null;
        }
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }

    private static long keyLock(String bucket, String key) {
        long h = 1125899906842597L;
        for (String s : new String[]{bucket, "/", key}) {
            for (int i = 0; i < s.length(); i++) {
                h = 31 * h + s.charAt(i);
            }
        }
        return h;
    }

    private static StoredObject row(ResultSet rs) throws SQLException {
        Map<String, String> userMetadata = jsonMap(rs.getString("user_metadata"));
        return new StoredObject(rs.getLong("id"), rs.getString("bucket"), rs.getString("key"), rs.getLong("size"),
                rs.getString("etag"), rs.getTimestamp("last_modified").toInstant(), rs.getString("content_type"),
                rs.getString("content_encoding"), rs.getString("content_disposition"), rs.getString("content_language"),
                rs.getString("cache_control"), rs.getString("expires"), rs.getString("storage_class"), userMetadata,
                rs.getInt("chunk_size"), rs.getInt("chunk_count"), (Integer) rs.getObject("part_count"),
                jsonMap(rs.getString("tags")),
                Encryption.ofRow(rs.getString("sse_algorithm"), rs.getString("kms_key_id"), rs.getBoolean("bucket_key_enabled")),
                rs.getString("checksum_algorithm") == null ? null : new ObjectChecksum(rs.getString("checksum_algorithm"),
                        rs.getString("checksum_value"), rs.getString("checksum_type")));
    }

    /** A JSON object column as a sorted map (empty when null). */
    public static Map<String, String> jsonMap(String json) {
        return json == null ? Map.of() : new java.util.TreeMap<>(JSON.readValue(json, STRING_MAP));
    }

    public static String toJson(Map<String, String> map) {
        return map == null || map.isEmpty() ? null : JSON.writeValueAsString(map);
    }

    /**
     * Reads up to one chunk, growing the buffer as bytes arrive, so a 1 KiB object costs a 1 KiB array rather
     * than a whole chunk. The array is exactly as long as what was read.
     */
    private byte[] readFirstChunk(InputStream in) {
        try {
            byte[] buffer = new byte[Math.min(chunkSize, 16 * 1024)];
            int total = 0;
            while (true) {
                int n = in.read(buffer, total, buffer.length - total);
                if (n < 0) {
                    return total == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, total);
                }
                total += n;
                if (total == buffer.length) {
                    if (buffer.length == chunkSize) {
                        return buffer;
                    }
                    buffer = java.util.Arrays.copyOf(buffer, Math.min(chunkSize, buffer.length * 2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Content-MD5 header's 16 bytes, null when absent; InvalidDigest when it is no MD5. */
    public static byte[] decodeMd5(String contentMd5) {
        if (contentMd5 == null) {
            return null;
        }
        try {
            byte[] md5 = Base64.getDecoder().decode(contentMd5.trim());
            if (md5.length != 16) {
                throw S3Errors.invalidDigest();
            }
            return md5;
        } catch (IllegalArgumentException e) {
            throw S3Errors.invalidDigest();
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
