package dev.overcast.s3.multipart;

import dev.overcast.s3.S3Errors;
import dev.overcast.s3.StoredText;
import dev.overcast.s3.bucket.BucketUploads;
import dev.overcast.s3.checksum.Md5;
import dev.overcast.s3.checksum.ObjectChecksum;
import dev.overcast.s3.conditional.Preconditions;
import dev.overcast.s3.notification.ObjectEvents;
import dev.overcast.s3.object.ChunkStore;
import dev.overcast.s3.object.KeyRange;
import dev.overcast.s3.object.ObjectColumns;
import dev.overcast.s3.object.ObjectPart;
import dev.overcast.s3.object.ObjectStore;
import dev.overcast.s3.object.ObjectWrite;
import dev.overcast.s3.object.StoredObject;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Uploads in progress ({@code s3.multipart_upload}) and their parts ({@code s3.upload_part}), each part a blob of
 * chunk rows. Completing is one transaction in which the object adopts the parts' blobs as they are.
 */
@Repository
public class MultipartStore implements BucketUploads {

    /**
     * The bytes of a part as written, with the checksum the client declared for them (already verified) and the
     * initial counter block of their SSE-C ciphertext (null when not encrypted with a customer key).
     */
    public record PartBytes(ChunkStore.Written written, String checksum, byte[] sseIv) {
    }

    /** One page of uploads: uploads and common prefixes in key order. */
    public record UploadListing(List<Upload> uploads, List<String> commonPrefixes, boolean truncated) {
    }

    private static final RowMapper<Upload> UPLOAD_ROW = (rs, i) -> upload(rs);
    private static final RowMapper<UploadedPart> PART_ROW = (rs, i) -> new UploadedPart(rs.getInt("part_number"),
            rs.getLong("blob_id"), rs.getLong("size"), rs.getString("etag"),
            rs.getTimestamp("last_modified").toInstant(), rs.getInt("chunk_size"), rs.getString("checksum"),
            rs.getBytes("sse_iv"));

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;
    private final ChunkStore chunks;
    private final ObjectStore objects;
    private final long minPartSize;

    public MultipartStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, ChunkStore chunks,
                          ObjectStore objects, @Value("${overcast.s3.min-part-size:5242880}") long minPartSize) {
        this.jdbc = StoredText.binding(jdbc);
        this.named = new NamedParameterJdbcTemplate(this.jdbc);
        this.tx = new TransactionTemplate(transactions);
        this.chunks = chunks;
        this.objects = objects;
        this.minPartSize = minPartSize;
    }

    public void create(Upload upload) {
        try {
            named.update("""
                    insert into multipart_upload (id, bucket, key, account_id, initiated, content_type, content_encoding,
                        content_disposition, content_language, cache_control, expires, storage_class, user_metadata,
                        checksum_algorithm, tags, sse_algorithm, kms_key_id, bucket_key_enabled, checksum_type,
                        sse_customer_key_md5, lock_mode, lock_retain_until, legal_hold, website_redirect,
                        replication_status, owner_account, acl)
                    values (:id, :bucket, :key, :account_id, :initiated, :content_type, :content_encoding,
                        :content_disposition, :content_language, :cache_control, :expires, :storage_class,
                        :user_metadata::jsonb, :checksum_algorithm, :tags::jsonb, :sse_algorithm, :kms_key_id,
                        :bucket_key_enabled, :checksum_type, :sse_customer_key_md5, :lock_mode, :lock_retain_until,
                        :legal_hold, :website_redirect, :replication_status, :owner_account, :acl)""",
                    ObjectColumns.bind(new MapSqlParameterSource(), upload.object())
                            .addValue("id", upload.id())
                            .addValue("account_id", upload.accountId())
                            .addValue("initiated", Timestamp.from(upload.initiated()))
                            .addValue("checksum_algorithm", upload.checksumAlgorithm())
                            .addValue("checksum_type", upload.checksumType()));
        } catch (DataIntegrityViolationException e) {
            throw S3Errors.noSuchBucket(upload.bucket());
        }
    }

    /** The upload with this id for this bucket and key, or NoSuchUpload. */
    public Upload require(String bucket, String key, String uploadId) {
        return find(bucket, key, uploadId).orElseThrow(() -> S3Errors.noSuchUpload(uploadId));
    }

    /** The upload with this id for this bucket and key, if it is in progress. */
    public Optional<Upload> find(String bucket, String key, String uploadId) {
        return find(uploadId).filter(u -> u.bucket().equals(bucket) && u.key().equals(key));
    }

    /**
     * The object a completed upload made, while it is still the key's current version (S3 then answers a repeated
     * CompleteMultipartUpload with it); else NoSuchUpload.
     */
    public StoredObject completed(String bucket, String key, String uploadId) {
        return objects.completedBy(bucket, key, uploadId).orElseThrow(() -> S3Errors.noSuchUpload(uploadId));
    }

    public Optional<Upload> find(String uploadId) {
        return jdbc.query("select * from multipart_upload where id = ?", UPLOAD_ROW, uploadId).stream().findFirst();
    }

    /**
     * Stores a part in one transaction: {@code bytes} writes the blob (and verifies it, throwing to roll back);
     * then the part replaces any earlier part with the same number. Parts of one upload are written in parallel;
     * only the final bookkeeping is serialized, by the upload row's lock.
     */
    public UploadedPart putPart(Upload upload, int partNumber, Supplier<PartBytes> bytes) {
        return tx.execute(status -> {
            PartBytes written = bytes.get();
            lockUpload(upload.id());
            jdbc.query("select blob_id from upload_part where upload_id = ? and part_number = ?",
                    (rs, i) -> rs.getLong(1), upload.id(), partNumber).forEach(chunks::orphan);
            Instant now = objects.now();
            String etag = "\"" + HexFormat.of().formatHex(written.written().md5()) + "\"";
            UploadedPart part = new UploadedPart(partNumber, written.written().blobId(), written.written().size(),
                    etag, now, written.written().layout(), written.checksum(), written.sseIv());
            jdbc.update("""
                    insert into upload_part (upload_id, part_number, blob_id, size, etag, last_modified, chunk_size,
                        checksum, sse_iv)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (upload_id, part_number) do update set blob_id = excluded.blob_id, size = excluded.size,
                        etag = excluded.etag, last_modified = excluded.last_modified, chunk_size = excluded.chunk_size,
                        checksum = excluded.checksum, sse_iv = excluded.sse_iv""",
                    upload.id(), partNumber, part.blobId(), part.size(), etag, Timestamp.from(now), part.chunkSize(),
                    part.checksum(), part.sseIv());
            return part;
        });
    }

    /**
     * Completes the upload in one transaction: checks the part list, lays the chosen parts end to end as the
     * object under the key (replacing what was there) and drops the upload with its unused parts.
     *
     * @param precondition runs with the key locked, before anything is replaced; it throws to refuse
     * @param events       the events of the completion, written in its transaction
     */
    public StoredObject complete(Upload upload, List<CompletedPart> requested, String expectedChecksum,
                                 Consumer<Optional<StoredObject>> precondition, ObjectEvents events) {
        return tx.execute(status -> {
            if (!tryLockUpload(upload.id())) {
                return completed(upload.bucket(), upload.key(), upload.id()); // completed meanwhile by another request
            }
            Map<Integer, UploadedPart> parts = new LinkedHashMap<>();
            for (UploadedPart p : parts(upload.id(), 0, Integer.MAX_VALUE)) {
                parts.put(p.partNumber(), p);
            }
            List<UploadedPart> chosen = new ArrayList<>();
            int previous = 0;
            for (CompletedPart c : requested) {
                int number = c.partNumber() == null ? 0 : c.partNumber();
                if (number <= previous) {
                    throw S3Errors.invalidPartOrder(upload.id());
                }
                previous = number;
                String given = partChecksum(upload.checksumAlgorithm(), c);
                if (given == null && MultipartChecksum.COMPOSITE.equals(upload.checksumType())) {
                    throw S3Errors.invalidRequest("The upload was created using a " + lower(upload.checksumAlgorithm())
                            + " checksum. The complete request must include the checksum for each part. It was missing "
                            + "for part " + number + " in the request.");
                }
                UploadedPart p = parts.get(number);
                if (p == null || c.eTag() == null || !Preconditions.unquote(p.etag()).equals(Preconditions.unquote(c.eTag()))
                        || (given != null && !given.equals(p.checksum()))) {
                    throw S3Errors.invalidPart(upload.id(), number, c.eTag());
                }
                chosen.add(p);
            }
            for (int i = 0; i < chosen.size() - 1; i++) {
                UploadedPart p = chosen.get(i);
                if (p.size() < minPartSize) {
                    throw S3Errors.entityTooSmall(p.size(), minPartSize, p.partNumber(), p.etag());
                }
            }
            MessageDigest md5 = Md5.newDigest();
            long size = 0;
            for (UploadedPart p : chosen) {
                md5.update(HexFormat.of().parseHex(Preconditions.unquote(p.etag())));
                size += p.size();
            }
            String etag = "\"" + HexFormat.of().formatHex(md5.digest()) + "-" + chosen.size() + "\"";
            ObjectChecksum checksum = MultipartChecksum.of(upload, chosen);
            if (checksum != null && expectedChecksum != null && !MultipartChecksum.matches(checksum, expectedChecksum)) {
                throw S3Errors.badChecksum(lower(checksum.algorithm())); // S3 names it in lower case here
            }
            if (precondition != null) {
                precondition.accept(objects.lockForCondition(upload.bucket(), upload.key()));
            }
            ObjectWrite o = upload.object();
            StoredObject stored = objects.replaceCompleted(StoredObject.of(chunks.nextId(), o,
                    new StoredObject.Bytes(size, etag, 0, 0, chosen.size(), null), checksum,
                    objects.now()), upload.id());
            long offset = 0;
            for (UploadedPart p : chosen) {
                objects.insertPart(stored.id(), new ObjectPart(p.partNumber(), offset, p.size(), p.blobId(), p.chunkSize(),
                        p.sseIv()), p.checksum());
                offset += p.size();
                parts.remove(p.partNumber());
            }
            parts.values().forEach(p -> chunks.orphan(p.blobId()));
            dropUpload(upload.id());
            return ObjectStore.announce(events, stored);
        });
    }

    /** Drops the upload and every part it holds; NoSuchUpload when it is already gone. */
    public void abort(Upload upload) {
        tx.executeWithoutResult(status -> {
            lockUpload(upload.id());
            parts(upload.id(), 0, Integer.MAX_VALUE).forEach(p -> chunks.orphan(p.blobId()));
            dropUpload(upload.id());
        });
    }

    @Override
    public void abortAll(String bucket) {
        for (String id : jdbc.queryForList("select id from multipart_upload where bucket = ?", String.class, bucket)) {
            find(id).ifPresent(u -> {
                try {
                    abort(u);
                } catch (RuntimeException e) {
                    // completed or aborted meanwhile
                }
            });
        }
    }

    /** Parts numbered above {@code after}, in order, at most {@code limit}. */
    public List<UploadedPart> parts(String uploadId, int after, int limit) {
        return jdbc.query("""
                select * from upload_part where upload_id = ? and part_number > ? order by part_number limit ?""",
                PART_ROW, uploadId, after, limit);
    }

    /**
     * Uploads of the bucket whose keys start with {@code prefix}, after the markers (a key marker alone skips every
     * upload of that key), keys up to {@code delimiter} rolled into common prefixes, at most {@code max} entries.
     */
    public UploadListing list(String bucket, String prefix, String delimiter, String keyMarker, String uploadIdMarker,
                              int max) {
        KeyRange range = KeyRange.of(prefix, delimiter, keyMarker);
        String p = range.prefix();
        List<Upload> uploads = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String cursorKey = range.after();
        Instant cursorInitiated = null;
        String cursorId = null;
        if (range.startsAtKey(keyMarker) && uploadIdMarker != null) {
            Optional<Upload> marker = find(uploadIdMarker).filter(u -> u.bucket().equals(bucket) && u.key().equals(keyMarker));
            if (marker.isPresent()) {
                cursorInitiated = marker.get().initiated();
                cursorId = uploadIdMarker;
            }
        }
        while (true) {
            List<Upload> rows;
            if (cursorId != null) {
                rows = jdbc.query("""
                        select * from multipart_upload where bucket = ? and starts_with(key, ?)
                        and (key > ? or (key = ? and (initiated, id) > (?, ?)))
                        order by key, initiated, id limit ?""", UPLOAD_ROW, bucket, p, cursorKey, cursorKey,
                        Timestamp.from(cursorInitiated), cursorId, max + 1);
            } else {
                rows = jdbc.query("""
                        select * from multipart_upload where bucket = ? and starts_with(key, ?) and key > ?
                        order by key, initiated, id limit ?""", UPLOAD_ROW, bucket, p, cursorKey, max + 1);
            }
            boolean restarted = false;
            for (Upload u : rows) {
                if (uploads.size() + prefixes.size() == max) {
                    return new UploadListing(uploads, prefixes, true);
                }
                String common = KeyRange.commonPrefix(u.key(), p, delimiter);
                if (common == null) {
                    uploads.add(u);
                    cursorKey = u.key();
                    cursorInitiated = u.initiated();
                    cursorId = u.id();
                } else {
                    prefixes.add(common);
                    cursorKey = common + KeyRange.HIGHEST;
                    cursorId = null;
                    restarted = true;
                    break;
                }
            }
            if (!restarted) { // fewer rows than asked for: the end
                return new UploadListing(uploads, prefixes, false);
            }
        }
    }

    private void lockUpload(String uploadId) {
        if (!tryLockUpload(uploadId)) {
            throw S3Errors.noSuchUpload(uploadId);
        }
    }

    /** Locks the upload's row until the transaction ends; false when the upload is gone. */
    private boolean tryLockUpload(String uploadId) {
        return !jdbc.queryForList("select 1 from multipart_upload where id = ? for update", uploadId).isEmpty();
    }

    private void dropUpload(String uploadId) {
        jdbc.update("delete from upload_part where upload_id = ?", uploadId);
        jdbc.update("delete from multipart_upload where id = ?", uploadId);
    }

    /** The checksum the complete request gives for a part, in the upload's algorithm (null: none given, or no algorithm). */
    private static String partChecksum(String algorithm, CompletedPart given) {
        if (algorithm == null) {
            return null;
        }
        return switch (algorithm) {
            case "CRC32" -> given.checksumCRC32();
            case "CRC32C" -> given.checksumCRC32C();
            case "CRC64NVME" -> given.checksumCRC64NVME();
            case "SHA1" -> given.checksumSHA1();
            case "SHA256" -> given.checksumSHA256();
            default -> null;
        };
    }

    private static String lower(String algorithm) {
        return algorithm.toLowerCase(java.util.Locale.ROOT);
    }

    private static Upload upload(ResultSet rs) throws SQLException {
        return new Upload(rs.getString("id"), rs.getString("account_id"), rs.getTimestamp("initiated").toInstant(),
                ObjectColumns.attributes(rs), rs.getString("checksum_algorithm"), rs.getString("checksum_type"));
    }

}
