package dev.overcast.dynamodb.export;

import dev.overcast.dynamodb.s3.Buckets;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The data files of one export, as DynamoDB lays them out: {@code <base>data/<26 base32 characters>.json.gz} (or
 * {@code .ion.gz}), gzip-compressed lines, a new file every {@code itemsPerFile} items; each file is written to a
 * temporary file and then put to S3, and becomes a line of {@code manifest-files.json}. File names follow from the
 * export id and the file's number, so an export run again after a restart overwrites what it wrote before.
 */
final class DataFiles implements AutoCloseable {

    /** A written data file: a line of manifest-files.json. */
    record Written(String key, long itemCount, String md5, String etag) {
    }

    private final Buckets buckets;
    private final String account;
    private final String region;
    private final String bucket;
    private final String base;
    private final String exportId;
    private final String extension;
    private final String header;
    private final int itemsPerFile;
    private final List<Written> written = new ArrayList<>();

    private Path file;
    private BufferedWriter out;
    private MessageDigest md5;
    private long items;
    private long totalItems;

    DataFiles(Buckets buckets, String account, String region, String bucket, String base, String exportId, boolean ion,
              int itemsPerFile) {
        this.buckets = buckets;
        this.account = account;
        this.region = region;
        this.bucket = bucket;
        this.base = base;
        this.exportId = exportId;
        this.extension = ion ? ".ion.gz" : ".json.gz";
        this.header = ion ? ItemLines.ION_VERSION_MARKER + "\n" : null;
        this.itemsPerFile = itemsPerFile;
    }

    void line(String line) {
        try {
            if (out == null) {
                open();
            }
            out.write(line);
            out.write('\n');
            items++;
            totalItems++;
            if (items >= itemsPerFile) {
                finish();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void open() throws IOException {
        file = Files.createTempFile("overcast-export-", extension);
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        OutputStream raw = new DigestOutputStream(Files.newOutputStream(file), md5);
        out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(raw, 64 * 1024), StandardCharsets.UTF_8));
        items = 0;
        if (header != null) {
            out.write(header);
        }
    }

    /** Closes the current file and puts it to S3. */
    private void finish() throws IOException {
        out.close();
        out = null;
        String key = base + "data/" + name(written.size()) + extension;
        try {
            String etag = buckets.put(account, region, bucket, key, file);
            written.add(new Written(key, items, Base64.getEncoder().encodeToString(md5.digest()), etag));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Finishes the last file; the files written, in order. */
    List<Written> done() {
        try {
            if (out != null) {
                finish();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    long itemCount() {
        return totalItems;
    }

    /** A data file's name: 26 base32 characters, from the export id and the file's number. */
    private String name(int n) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest((exportId + "/" + n).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder b = new StringBuilder(26);
        long bits = 0;
        int count = 0;
        int i = 0;
        while (b.length() < 26) {
            if (count < 5) {
                bits = (bits << 8) | (digest[i++] & 0xff);
                count += 8;
            }
            b.append(alphabet.charAt((int) ((bits >> (count - 5)) & 31)));
            count -= 5;
        }
        return b.toString();
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
