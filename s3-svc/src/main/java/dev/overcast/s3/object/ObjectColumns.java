package dev.overcast.s3.object;

import dev.overcast.s3.StoredMaps;
import dev.overcast.s3.StoredText;
import dev.overcast.s3.checksum.ObjectChecksum;
import dev.overcast.s3.archive.Restore;
import dev.overcast.s3.encryption.Encryption;
import dev.overcast.s3.lock.ObjectLock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * An object's columns, read and bound by name: the attributes a write gives ({@link ObjectWrite}), which
 * {@code s3.object} and {@code s3.multipart_upload} share, and the rest of an object row ({@link StoredObject}).
 */
public final class ObjectColumns {

    private ObjectColumns() {
    }

    /** The attributes in a row of {@code s3.object} or {@code s3.multipart_upload}. */
    public static ObjectWrite attributes(ResultSet rs) throws SQLException {
        ContentHeaders content = new ContentHeaders(rs.getString("content_type"), rs.getString("content_encoding"),
                rs.getString("content_disposition"), rs.getString("content_language"), rs.getString("cache_control"),
                rs.getString("expires"), rs.getString("website_redirect"));
        Encryption encryption = Encryption.ofRow(rs.getString("sse_algorithm"), rs.getString("kms_key_id"),
                rs.getBoolean("bucket_key_enabled"), rs.getString("sse_customer_key_md5"));
        return new ObjectWrite(rs.getString("bucket"), StoredText.read(rs.getString("key")), content, rs.getString("storage_class"),
                StoredMaps.jsonMap(rs.getString("user_metadata")), StoredMaps.jsonMap(rs.getString("tags")), encryption,
                lock(rs), rs.getString("replication_status"),
                new ObjectAcl(rs.getString("owner_account"), rs.getString("acl")));
    }

    private static ObjectLock lock(ResultSet rs) throws SQLException {
        Timestamp until = rs.getTimestamp("lock_retain_until");
        String hold = rs.getString("legal_hold");
        String mode = rs.getString("lock_mode");
        return mode == null && hold == null ? ObjectLock.NONE
                : new ObjectLock(mode, until == null ? null : until.toInstant(), hold);
    }

    /** Binds the attributes under their column names (user_metadata and tags as JSON text, for a {@code ::jsonb}). */
    public static MapSqlParameterSource bind(MapSqlParameterSource params, ObjectWrite w) {
        ContentHeaders c = w.content();
        Encryption e = w.encryption();
        return params.addValue("bucket", w.bucket())
                .addValue("key", StoredText.stored(w.key()))
                .addValue("content_type", c.contentType())
                .addValue("content_encoding", c.contentEncoding())
                .addValue("content_disposition", c.contentDisposition())
                .addValue("content_language", c.contentLanguage())
                .addValue("cache_control", c.cacheControl())
                .addValue("expires", c.expires())
                .addValue("website_redirect", c.websiteRedirect())
                .addValue("storage_class", w.storageClass())
                .addValue("user_metadata", StoredMaps.toJson(w.userMetadata()))
                .addValue("tags", StoredMaps.toJson(w.tags()))
                .addValue("sse_algorithm", e == null ? null : e.algorithm())
                .addValue("kms_key_id", e == null ? null : e.kmsKeyId())
                .addValue("bucket_key_enabled", e == null ? null : e.bucketKeyEnabled())
                .addValue("sse_customer_key_md5", e == null ? null : e.customerKeyMd5())
                .addValue("lock_mode", w.lock().mode())
                .addValue("lock_retain_until", w.lock().retainUntil() == null ? null : Timestamp.from(w.lock().retainUntil()))
                .addValue("legal_hold", w.lock().legalHold())
                .addValue("replication_status", w.replicationStatus())
                .addValue("owner_account", w.acl().ownerAccount())
                .addValue("acl", w.acl().grants());
    }

    /** An object row: its attributes, bytes, checksum and version; its inline bytes only when {@code withBytes}. */
    static StoredObject row(ResultSet rs, boolean withBytes) throws SQLException {
        Integer partCount = (Integer) rs.getObject("part_count");
        StoredObject.Bytes bytes = new StoredObject.Bytes(rs.getLong("size"), rs.getString("etag"),
                rs.getInt("chunk_size"), rs.getInt("chunk_count"), partCount, rs.getBytes("sse_iv"));
        String algorithm = rs.getString("checksum_algorithm");
        ObjectChecksum checksum = algorithm == null ? null
                : new ObjectChecksum(algorithm, rs.getString("checksum_value"), rs.getString("checksum_type"));
        StoredObject.Version version = new StoredObject.Version(rs.getString("version_id"), rs.getBoolean("is_latest"),
                rs.getBoolean("delete_marker"), 0);
        byte[] inline = withBytes && bytes.chunkCount() == 0 && partCount == null ? rs.getBytes("inline_data") : null;
        Timestamp ready = rs.getTimestamp("restore_ready_at");
        return new StoredObject(rs.getLong("id"), attributes(rs), bytes, checksum, version,
                rs.getTimestamp("last_modified").toInstant(), inline,
                ready == null ? null : new Restore(ready.toInstant(), rs.getTimestamp("restore_expires_at").toInstant()));
    }

    /** Binds a new object row under its column names: its attributes, bytes (and inline ones), checksum, marker flag. */
    static MapSqlParameterSource bind(StoredObject o, byte[] inline) {
        StoredObject.Bytes b = o.bytes();
        ObjectChecksum c = o.checksum();
        return bind(new MapSqlParameterSource(), o.attributes())
                .addValue("id", o.id() == 0 ? null : o.id())
                .addValue("size", b.size())
                .addValue("etag", b.etag())
                .addValue("last_modified", Timestamp.from(o.lastModified()))
                .addValue("chunk_size", b.chunkSize())
                .addValue("chunk_count", b.chunkCount())
                .addValue("part_count", b.partCount())
                .addValue("sse_iv", b.sseIv())
                .addValue("inline_data", inline)
                .addValue("checksum_algorithm", c == null ? null : c.algorithm())
                .addValue("checksum_value", c == null ? null : c.value())
                .addValue("checksum_type", c == null ? null : c.type())
                .addValue("delete_marker", o.deleteMarker());
    }
}
