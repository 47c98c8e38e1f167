package dev.overcast.firehose.delivery;

import dev.overcast.firehose.deliverystream.DeliveryStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.EncryptionConfiguration;

/**
 * An object a delivery writes as its records come: named by its first record's arrival
 * ({@code <prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid><extension>}) when that record is written, its upload
 * begun then; the records compressed into it and sent to S3 part by part ({@link S3Objects#upload}), so that memory
 * holds a part at most. {@link #close} completes it; {@link #abort} leaves nothing behind.
 */
class StreamedObject {

    private static final DateTimeFormatter SUFFIX_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");

    /** Where an object goes and how it is written. */
    record Target(String bucketArn, Function<ZonedDateTime, String> prefix, ZoneId zone, CompressionFormat compression,
                  String extension, EncryptionConfiguration encryption) {
    }

    private final S3Objects s3;
    private final DeliveryStream stream;
    private final Target target;
    private String key;
    private String name;
    private S3Objects.Upload upload;
    private OutputStream out;
    private int records;

    StreamedObject(S3Objects s3, DeliveryStream stream, Target target) {
        this.s3 = s3;
        this.stream = stream;
        this.target = target;
    }

    /** Writes a record (compressed as the target says), starting the object with the first. */
    void write(Instant arrivedAt, byte[] data) {
        try {
            stream(arrivedAt).write(data);
            records++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The object's upload, started (and named by {@code arrivedAt}) if it is not yet, for a writer of its own to
     * write into (a Parquet or ORC file); uncompressed.
     */
    OutputStream raw(Instant arrivedAt) {
        start(arrivedAt);
        return upload;
    }

    private OutputStream stream(Instant arrivedAt) throws IOException {
        if (out == null) {
            start(arrivedAt);
            out = Compression.open(target.compression(), upload, name);
        }
        return out;
    }

    private void start(Instant arrivedAt) {
        if (upload == null) {
            ZonedDateTime oldest = arrivedAt.atZone(target.zone());
            name = stream.name() + "-" + stream.versionId() + "-" + oldest.format(SUFFIX_TIME) + "-" + UUID.randomUUID();
            key = target.prefix().apply(oldest) + name + target.extension();
            upload = s3.upload(stream.account(), stream.region(), target.bucketArn(), key, target.encryption());
        }
    }

    /** Whether a record has been written. */
    boolean started() {
        return upload != null;
    }

    /** Records written to it. */
    int records() {
        return records;
    }

    /** Bytes held in memory, not sent to S3 yet. */
    long held() {
        return upload == null ? 0 : upload.held();
    }

    /** Completes the object; what was written, or null when nothing was. */
    S3Delivery.Written close() {
        if (upload == null) {
            return null;
        }
        try {
            if (out != null) {
                out.close();
            }
            upload.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new S3Delivery.Written(target.bucketArn(), key, upload.size());
    }

    void abort() {
        if (upload != null) {
            upload.abort();
        }
    }
}
