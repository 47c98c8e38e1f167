package dev.overcast.s3.inventory;

import dev.overcast.s3.StoredText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * One column of an inventory report: its name in the CSV manifest's schema ({@code LastModifiedDate}), its name in
 * Parquet and ORC ({@code last_modified_date}), its type, and its value for an object row (null: none).
 */
record InventoryColumn(String csvName, String name, Type type, Value value) {

    /** A column's type: a string, a boolean, a 64-bit integer, or a timestamp (milliseconds, UTC). */
    enum Type { STRING, BOOLEAN, LONG, TIMESTAMP }

    @FunctionalInterface
    interface Value {
        Object of(ResultSet rs) throws SQLException;
    }

    /** The columns of a report: bucket and key, the version columns when it lists every version, the fields asked. */
    static List<InventoryColumn> of(boolean allVersions, List<String> optionalFields) {
        List<InventoryColumn> columns = new ArrayList<>(List.of(
                new InventoryColumn("Bucket", "bucket", Type.STRING, rs -> rs.getString("bucket")),
                new InventoryColumn("Key", "key", Type.STRING, rs -> StoredText.read(rs.getString("key")))));
        if (allVersions) {
            columns.add(new InventoryColumn("VersionId", "version_id", Type.STRING,
                    rs -> "null".equals(rs.getString("version_id")) ? null : rs.getString("version_id")));
            columns.add(new InventoryColumn("IsLatest", "is_latest", Type.BOOLEAN, rs -> rs.getBoolean("is_latest")));
            columns.add(new InventoryColumn("IsDeleteMarker", "is_delete_marker", Type.BOOLEAN,
                    rs -> rs.getBoolean("delete_marker")));
        }
        for (String field : optionalFields) {
            columns.add(optional(field));
        }
        return columns;
    }

    private static InventoryColumn optional(String field) {
        return switch (field) {
            case "Size" -> new InventoryColumn(field, "size", Type.LONG,
                    rs -> rs.getBoolean("delete_marker") ? null : rs.getLong("size"));
            case "LastModifiedDate" -> new InventoryColumn(field, "last_modified_date", Type.TIMESTAMP,
                    rs -> instant(rs.getTimestamp("last_modified")));
            case "StorageClass" -> string(field, "storage_class", "storage_class");
            case "ETag" -> new InventoryColumn(field, "e_tag", Type.STRING,
                    rs -> rs.getString("etag") == null ? null : rs.getString("etag").replace("\"", ""));
            case "IsMultipartUploaded" -> new InventoryColumn(field, "is_multipart_uploaded", Type.BOOLEAN,
                    rs -> rs.getObject("part_count") != null);
            case "ReplicationStatus" -> string(field, "replication_status", "replication_status");
            case "EncryptionStatus" -> new InventoryColumn(field, "encryption_status", Type.STRING,
                    rs -> encryptionStatus(rs.getString("sse_algorithm"), rs.getString("sse_customer_key_md5")));
            case "ObjectLockRetainUntilDate" -> new InventoryColumn(field, "object_lock_retain_until_date",
                    Type.TIMESTAMP, rs -> instant(rs.getTimestamp("lock_retain_until")));
            case "ObjectLockMode" -> string(field, "object_lock_mode", "lock_mode");
            case "ObjectLockLegalHoldStatus" -> string(field, "object_lock_legal_hold_status", "legal_hold");
            case "BucketKeyStatus" -> new InventoryColumn(field, "bucket_key_status", Type.STRING,
                    rs -> Boolean.TRUE.equals(rs.getObject("bucket_key_enabled")) ? "ENABLED" : "DISABLED");
            case "ChecksumAlgorithm" -> string(field, "checksum_algorithm", "checksum_algorithm");
            // fields with nothing behind them here (IntelligentTieringAccessTier, ObjectOwner, …): empty
            default -> new InventoryColumn(field, snake(field), Type.STRING, rs -> null);
        };
    }

    private static InventoryColumn string(String field, String name, String column) {
        return new InventoryColumn(field, name, Type.STRING, rs -> rs.getString(column));
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** {@code IntelligentTieringAccessTier} as Parquet and ORC name it: {@code intelligent_tiering_access_tier}. */
    static String snake(String field) {
        return field.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String encryptionStatus(String algorithm, String customerKeyMd5) {
        if (customerKeyMd5 != null) {
            return "SSE-C";
        }
        if (algorithm == null) {
            return "NOT-SSE";
        }
        return algorithm.equals("AES256") ? "SSE-S3" : algorithm.equals("aws:kms:dsse") ? "DSSE-KMS" : "SSE-KMS";
    }
}
