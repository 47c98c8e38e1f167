package dev.overcast.firehose.delivery;

import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.destination.Prefixes;
import dev.overcast.firehose.record.BufferStore.Buffered;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.S3BackupMode;
import software.amazon.awssdk.services.firehose.model.S3DestinationDescription;

/**
 * One delivery to an S3 destination: the buffered records concatenated (no delimiter, as Firehose writes them),
 * compressed, under {@code <evaluated prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid><extension>}; the same
 * records to the backup bucket when S3BackupMode is Enabled.
 */
final class S3Delivery {

    private static final DateTimeFormatter SUFFIX_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");

    /** An object written: its bucket ARN and key, and its size. */
    record Written(String bucketArn, String key, long bytes) {
    }

    private final S3Objects s3;

    S3Delivery(S3Objects s3) {
        this.s3 = s3;
    }

    /** Writes the records; the objects written, the destination's first. */
    List<Written> deliver(DeliveryStream stream, ExtendedS3DestinationDescription d, List<Buffered> records) {
        List<byte[]> data = records.stream().map(Buffered::data).toList();
        ZoneId zone = d.customTimeZone() == null || d.customTimeZone().isEmpty() ? ZoneOffset.UTC : ZoneId.of(d.customTimeZone());
        ZonedDateTime oldest = records.getFirst().arrivedAt().atZone(zone);
        String extension = d.fileExtension() != null && !d.fileExtension().isEmpty() ? d.fileExtension()
                : Compression.extension(d.compressionFormat());
        List<Written> written = new ArrayList<>(2);
        written.add(write(stream, d.bucketARN(), Prefixes.evaluate(d.prefix(), oldest, Map.of()), oldest, extension,
                d.compressionFormat(), data, d));
        if (d.s3BackupMode() == S3BackupMode.ENABLED && d.s3BackupDescription() != null) {
            S3DestinationDescription b = d.s3BackupDescription();
            ZonedDateTime utc = oldest.withZoneSameInstant(ZoneOffset.UTC);
            written.add(write(stream, b.bucketARN(), Prefixes.evaluate(b.prefix(), utc, Map.of()), utc,
                    Compression.extension(b.compressionFormat()), b.compressionFormat(), data, null));
        }
        return written;
    }

    private Written write(DeliveryStream stream, String bucketArn, String prefix, ZonedDateTime oldest, String extension,
                          software.amazon.awssdk.services.firehose.model.CompressionFormat format, List<byte[]> data,
                          ExtendedS3DestinationDescription encryptionOf) {
        String name = stream.name() + "-" + stream.versionId() + "-" + oldest.format(SUFFIX_TIME) + "-" + UUID.randomUUID();
        byte[] body = Compression.compress(format, data, name);
        String key = prefix + name + extension;
        s3.put(stream.account(), stream.region(), bucketArn, key, body,
                encryptionOf == null ? null : encryptionOf.encryptionConfiguration());
        return new Written(bucketArn, key, body.length);
    }
}
