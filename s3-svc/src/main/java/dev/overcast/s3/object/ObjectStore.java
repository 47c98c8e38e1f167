package dev.overcast.s3.object;

import dev.overcast.s3.S3Errors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Objects in {@code s3.object} with their bytes inline (small) or in fixed-size {@code s3.object_chunk} rows.
 * A put is one transaction: the bytes stream in chunk by chunk, the previous version of the key goes in the same
 * commit, and a failed or abandoned upload leaves nothing behind.
 */
@Repository
public class ObjectStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, bucket, key, size, etag, last_modified, content_type, content_encoding, "
            + "content_disposition, content_language, cache_control, expires, storage_class, user_metadata, chunk_size, chunk_count";
    private static final RowMapper<StoredObject> ROW = (rs, i) -> row(rs);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final int chunkSize;

    public ObjectStore(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                       @Value("${overcast.s3.chunk-size:1048576}") int chunkSize) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.chunkSize = chunkSize;
    }

    /**
     * Stores the body under the key, replacing what was there, in one transaction.
     *
     * @param contentMd5 the request's Content-MD5 (base64) to check the bytes against, or null
     */
    public StoredObject put(ObjectWrite write, InputStream body, String contentMd5) {
        byte[] expectedMd5 = decodeMd5(contentMd5);
        try {
            return tx.execute(status -> store(write, body, expectedMd5));
        } catch (DataIntegrityViolationException e) {
            throw S3Errors.noSuchBucket(write.bucket()); // the bucket went away under us
        }
    }

    private StoredObject store(ObjectWrite write, InputStream body, byte[] expectedMd5) {
        MessageDigest md5 = md5();
        byte[] first = new byte[chunkSize];
        int firstLength = readFully(body, first);
        byte[] second = firstLength == chunkSize ? new byte[chunkSize] : null;
        int secondLength = second == null ? 0 : readFully(body, second);
        long id = jdbc.queryForObject("select nextval('object_id_seq')", Long.class);
        long size;
        int chunks;
        byte[] inline;
        md5.update(first, 0, firstLength);
        if (secondLength == 0) {
            inline = firstLength == chunkSize ? first : java.util.Arrays.copyOf(first, firstLength);
            size = firstLength;
            chunks = 0;
        } else {
            inline = null;
            insertChunk(id, 0, first, firstLength);
            size = firstLength;
            chunks = 1;
            byte[] buffer = second;
            int length = secondLength;
            byte[] spare = first;
            while (length > 0) {
                md5.update(buffer, 0, length);
                insertChunk(id, chunks++, buffer, length);
                size += length;
                if (length < chunkSize) {
                    break;
                }
                byte[] swap = spare;
                spare = buffer;
                buffer = swap;
                length = readFully(body, buffer);
            }
        }
        byte[] digest = md5.digest();
        if (expectedMd5 != null && !MessageDigest.isEqual(expectedMd5, digest)) {
            throw S3Errors.badDigest();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String etag = "\"" + HexFormat.of().formatHex(digest) + "\"";
        jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, keyLock(write.bucket(), write.key()));
        jdbc.update("delete from object where bucket = ? and key = ?", write.bucket(), write.key());
        jdbc.update("""
                insert into object (id, bucket, key, size, etag, last_modified, content_type, content_encoding,
                    content_disposition, content_language, cache_control, expires, storage_class, user_metadata,
                    chunk_size, chunk_count, inline_data)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""",
                id, write.bucket(), write.key(), size, etag, Timestamp.from(now), write.contentType(),
                write.contentEncoding(), write.contentDisposition(), write.contentLanguage(), write.cacheControl(),
                write.expires(), write.storageClass(), toJson(write.userMetadata()), chunkSize, chunks, inline);
        return new StoredObject(id, write.bucket(), write.key(), size, etag, now, write.contentType(),
                write.contentEncoding(), write.contentDisposition(), write.contentLanguage(), write.cacheControl(),
                write.expires(), write.storageClass(), write.userMetadata(), chunkSize, chunks);
    }

    private void insertChunk(long objectId, int seq, byte[] data, int length) {
        jdbc.update("insert into object_chunk (object_id, seq, data) values (?, ?, ?)", ps -> {
            ps.setLong(1, objectId);
            ps.setInt(2, seq);
            ps.setBinaryStream(3, new java.io.ByteArrayInputStream(data, 0, length), length);
        });
    }

    public Optional<StoredObject> find(String bucket, String key) {
        return jdbc.query("select " + COLUMNS + " from object where bucket = ? and key = ?", ROW, bucket, key)
                .stream().findFirst();
    }

    /** Writes bytes {@code first..last} (inclusive) of the object to {@code out}, streaming chunk by chunk. */
    public void read(StoredObject object, long first, long last, OutputStream out) throws IOException {
        if (last < first) {
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
        int size = object.chunkSize();
        int fromSeq = (int) (first / size);
        int toSeq = (int) (last / size);
        long[] expected = {fromSeq};
        try {
            tx.executeWithoutResult(status -> jdbc.query(con -> {
                PreparedStatement ps = con.prepareStatement(
                        "select seq, data from object_chunk where object_id = ? and seq between ? and ? order by seq");
                ps.setFetchSize(1);
                ps.setLong(1, object.id());
                ps.setInt(2, fromSeq);
                ps.setInt(3, toSeq);
                return ps;
            }, rs -> {
                int seq = rs.getInt(1);
                if (seq != expected[0]) {
                    throw new UncheckedIOException(new IOException("Object " + object.key() + " changed while it was being read"));
                }
                expected[0]++;
                byte[] data = rs.getBytes(2);
                long chunkStart = (long) seq * size;
                int from = (int) Math.max(0, first - chunkStart);
                int to = (int) Math.min(data.length - 1, last - chunkStart);
                try {
                    out.write(data, from, to - from + 1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (expected[0] != toSeq + 1) {
            throw new IOException("Object " + object.key() + " changed while it was being read");
        }
    }

    /** Deletes the key; true if it existed. */
    public boolean delete(String bucket, String key) {
        return tx.execute(status -> {
            jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, keyLock(bucket, key));
            return jdbc.update("delete from object where bucket = ? and key = ?", bucket, key) > 0;
        });
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

    static String commonPrefix(String key, String prefix, String delimiter) {
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
        String meta = rs.getString("user_metadata");
        Map<String, String> userMetadata = meta == null ? Map.of() : JSON.readValue(meta, STRING_MAP);
        return new StoredObject(rs.getLong("id"), rs.getString("bucket"), rs.getString("key"), rs.getLong("size"),
                rs.getString("etag"), rs.getTimestamp("last_modified").toInstant(), rs.getString("content_type"),
                rs.getString("content_encoding"), rs.getString("content_disposition"), rs.getString("content_language"),
                rs.getString("cache_control"), rs.getString("expires"), rs.getString("storage_class"), userMetadata,
                rs.getInt("chunk_size"), rs.getInt("chunk_count"));
    }

    private static String toJson(Map<String, String> map) {
        return map == null || map.isEmpty() ? null : JSON.writeValueAsString(map);
    }

    private static int readFully(InputStream in, byte[] buffer) {
        try {
            int total = 0;
            while (total < buffer.length) {
                int n = in.read(buffer, total, buffer.length - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] decodeMd5(String contentMd5) {
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
