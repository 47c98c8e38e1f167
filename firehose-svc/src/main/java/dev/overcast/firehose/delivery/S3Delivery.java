package dev.overcast.firehose.delivery;

import dev.overcast.firehose.conversion.GlueSchemas;
import dev.overcast.firehose.conversion.RecordConversion;
import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.destination.Prefixes;
import dev.overcast.firehose.processing.Failure;
import dev.overcast.firehose.processing.Item;
import dev.overcast.firehose.processing.Outcome;
import dev.overcast.firehose.processing.Processors;
import dev.overcast.firehose.record.BufferStore.Buffered;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.EncryptionConfiguration;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.S3BackupMode;
import software.amazon.awssdk.services.firehose.model.S3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.Serializer;
import software.amazon.awssdk.services.glue.model.Column;
import tools.jackson.databind.json.JsonMapper;

/**
 * One delivery to an S3 destination: the buffered records through the destination's processors, then concatenated
 * (no delimiter unless AppendDelimiterToRecord adds one), compressed, under
 * {@code <evaluated prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid><extension>}: one object per partition
 * with dynamic partitioning; failed records as Firehose's error records under ErrorOutputPrefix; the records as they
 * came to the backup bucket when S3BackupMode is Enabled.
 */
final class S3Delivery {

    private static final DateTimeFormatter SUFFIX_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An object written: its bucket ARN and key, and its size. */
    record Written(String bucketArn, String key, long bytes) {
    }

    /** What a delivery wrote, and how many records went to the error prefix. */
    record Delivery(List<Written> objects, int failedRecords) {
    }

    private final S3Objects s3;
    private final Processors processors;
    private final GlueSchemas glue;

    S3Delivery(S3Objects s3, Processors processors, GlueSchemas glue) {
        this.s3 = s3;
        this.processors = processors;
        this.glue = glue;
    }

    Delivery deliver(DeliveryStream stream, ExtendedS3DestinationDescription d, List<Buffered> records) {
        ZoneId zone = d.customTimeZone() == null || d.customTimeZone().isEmpty() ? ZoneOffset.UTC : ZoneId.of(d.customTimeZone());
        boolean dynamic = d.dynamicPartitioningConfiguration() != null
                && Boolean.TRUE.equals(d.dynamicPartitioningConfiguration().enabled());
        List<Item> items = records.stream().map(b -> new Item(b.id(), b.arrivedAt(), b.data(), Map.of(),
                b.data())).toList();
        Outcome outcome = processors.apply(stream.arn(), stream.region(), d.processingConfiguration(), dynamic, items);
        List<Failure> failed = new ArrayList<>(outcome.failed());
        Map<Map<String, String>, List<Item>> partitions = partition(dynamic, d.prefix(), outcome.delivered(), failed);

        boolean convert = RecordConversion.enabled(d.dataFormatConversionConfiguration());
        Serializer serializer = convert ? d.dataFormatConversionConfiguration().outputFormatConfiguration().serializer() : null;
        String extension = d.fileExtension() != null && !d.fileExtension().isEmpty() ? d.fileExtension()
                : convert ? RecordConversion.extension(serializer) : Compression.extension(d.compressionFormat());
        List<Column> columns = convert ? glue.columns(stream.account(), stream.region(),
                d.dataFormatConversionConfiguration().schemaConfiguration()) : null;
        List<Written> written = new ArrayList<>();
        partitions.forEach((keys, part) -> {
            ZonedDateTime oldest = part.getFirst().arrivedAt().atZone(zone);
            String prefix = Prefixes.evaluate(d.prefix(), oldest, keys);
            if (!convert) {
                written.add(write(stream, d.bucketARN(), prefix, oldest, extension, d.compressionFormat(),
                        part.stream().map(Item::data).toList(), d.encryptionConfiguration()));
                return;
            }
            Map<Integer, String> rejected = new LinkedHashMap<>();
            byte[] converted = RecordConversion.write(columns, serializer, part.stream().map(Item::data).toList(), rejected);
            rejected.forEach((i, why) -> failed.add(new Failure(part.get(i), RecordConversion.FAILED,
                    "DataFormatConversion.MalformedData", why, 1, part.get(i).arrivedAt(), null)));
            if (rejected.size() < part.size()) {
                written.add(write(stream, d.bucketARN(), prefix, oldest, extension, CompressionFormat.UNCOMPRESSED,
                        List.of(converted), d.encryptionConfiguration()));
            }
        });
        written.addAll(writeErrors(stream, d.bucketARN(), d.errorOutputPrefix(), zone, d.compressionFormat(),
                d.encryptionConfiguration(), failed));
        if (d.s3BackupMode() == S3BackupMode.ENABLED && d.s3BackupDescription() != null) {
            written.add(writeAll(stream, d.s3BackupDescription(), records));
        }
        return new Delivery(written, failed.size());
    }

    /**
     * Whether a delivery to the destination writes one object, its records in the order read (no format conversion,
     * dynamic partitioning or backup), so that it can be streamed to S3 ({@link #deliverStreamed}) instead of held in
     * memory. Processors may run: they take the records a batch at a time.
     */
    static boolean streamable(ExtendedS3DestinationDescription d) {
        return !RecordConversion.enabled(d.dataFormatConversionConfiguration())
                && (d.dynamicPartitioningConfiguration() == null
                        || !Boolean.TRUE.equals(d.dynamicPartitioningConfiguration().enabled()))
                && d.s3BackupMode() != S3BackupMode.ENABLED;
    }

    /** Where a streamed delivery reads its records from: it hands each to the consumer, in order. */
    interface Source {
        void read(Consumer<Buffered> each);
    }

    /**
     * A delivery of a {@link #streamable} destination: the records compressed into the object as they are read, which
     * goes to S3 part by part, so that memory holds a part and a few buffered batches, whatever SizeInMBs is. With
     * processors, the records go through them a batch at a time ({@link Processors#batchFull}: one Lambda
     * invocation) and what they return is written before the next batch is read; only failed records are kept until
     * the end, for the error prefix. The object is named when its first record is written (by that record's arrival);
     * a failure leaves no object behind.
     */
    Delivery deliverStreamed(DeliveryStream stream, ExtendedS3DestinationDescription d, Source source) {
        ZoneId zone = d.customTimeZone() == null || d.customTimeZone().isEmpty() ? ZoneOffset.UTC : ZoneId.of(d.customTimeZone());
        StreamedObject object = new StreamedObject(stream, d, zone);
        List<Failure> failed = new ArrayList<>();
        try {
            if (!Processors.enabled(d.processingConfiguration())) {
                source.read(b -> object.write(b.arrivedAt(), b.data()));
            } else {
                List<Item> batch = new ArrayList<>();
                long[] bytes = {0};
                source.read(b -> {
                    if (Processors.batchFull(d.processingConfiguration(), bytes[0], b.data())) {
                        process(stream, d, batch, object, failed);
                        batch.clear();
                        bytes[0] = 0;
                    }
                    batch.add(new Item(b.id(), b.arrivedAt(), b.data(), Map.of(), b.data()));
                    bytes[0] += Processors.eventBytes(b.data());
                });
                process(stream, d, batch, object, failed);
            }
            object.close();
        } catch (RuntimeException e) {
            object.abort();
            throw e;
        }
        List<Written> written = new ArrayList<>();
        if (object.upload != null) {
            written.add(new Written(d.bucketARN(), object.key, object.upload.size()));
        }
        written.addAll(writeErrors(stream, d.bucketARN(), d.errorOutputPrefix(), zone, d.compressionFormat(),
                d.encryptionConfiguration(), failed));
        return new Delivery(written, failed.size());
    }

    /** One batch through the destination's processors; what they deliver written to the object. */
    private void process(DeliveryStream stream, ExtendedS3DestinationDescription d, List<Item> batch,
                         StreamedObject object, List<Failure> failed) {
        if (batch.isEmpty()) {
            return;
        }
        Outcome outcome = processors.apply(stream.arn(), stream.region(), d.processingConfiguration(), false, batch);
        failed.addAll(outcome.failed());
        outcome.delivered().forEach(i -> object.write(i.arrivedAt(), i.data()));
    }

    /** A streamed delivery's object: started (named, its upload begun) by its first record, compressed as it is written. */
    private final class StreamedObject {
        private final DeliveryStream stream;
        private final ExtendedS3DestinationDescription d;
        private final ZoneId zone;
        private String key;
        private S3Objects.Upload upload;
        private OutputStream out;

        StreamedObject(DeliveryStream stream, ExtendedS3DestinationDescription d, ZoneId zone) {
            this.stream = stream;
            this.d = d;
            this.zone = zone;
        }

        void write(java.time.Instant arrivedAt, byte[] data) {
            try {
                if (out == null) {
                    ZonedDateTime oldest = arrivedAt.atZone(zone);
                    String name = objectName(stream, oldest);
                    String extension = d.fileExtension() != null && !d.fileExtension().isEmpty() ? d.fileExtension()
                            : Compression.extension(d.compressionFormat());
                    key = Prefixes.evaluate(d.prefix(), oldest, Map.of()) + name + extension;
                    upload = s3.upload(stream.account(), stream.region(), d.bucketARN(), key, d.encryptionConfiguration());
                    out = Compression.open(d.compressionFormat(), upload, name);
                }
                out.write(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        void abort() {
            if (upload != null) {
                upload.abort();
            }
        }
    }

    /** Failed records as error objects, one per error output type, under the destination's ErrorOutputPrefix. */
    List<Written> writeErrors(DeliveryStream stream, String bucketArn, String errorOutputPrefix, ZoneId zone,
                              CompressionFormat format, EncryptionConfiguration encryption, List<Failure> failed) {
        Map<String, List<Failure>> errors = new LinkedHashMap<>();
        failed.forEach(f -> errors.computeIfAbsent(f.errorOutputType(), t -> new ArrayList<>()).add(f));
        List<Written> written = new ArrayList<>();
        errors.forEach((type, list) -> {
            ZonedDateTime oldest = list.getFirst().item().arrivedAt().atZone(zone);
            written.add(write(stream, bucketArn, Prefixes.evaluateError(errorOutputPrefix, oldest, type), oldest,
                    Compression.extension(format), format, list.stream().map(S3Delivery::errorRecord).toList(), encryption));
        });
        return written;
    }

    /** The records as they came, to an S3 destination (a backup, or an HTTP endpoint's AllData copy). */
    Written writeAll(DeliveryStream stream, S3DestinationDescription b, List<Buffered> records) {
        return writeData(stream, b, records.getFirst().arrivedAt(), records.stream().map(Buffered::data).toList());
    }

    /** Data to an S3 destination under its prefix (UTC), named by the oldest record's arrival. */
    Written writeData(DeliveryStream stream, S3DestinationDescription b, java.time.Instant oldest, List<byte[]> data) {
        ZonedDateTime utc = oldest.atZone(ZoneOffset.UTC);
        return write(stream, b.bucketARN(), Prefixes.evaluate(b.prefix(), utc, Map.of()), utc,
                Compression.extension(b.compressionFormat()), b.compressionFormat(), data, b.encryptionConfiguration());
    }

    /**
     * The records by partition (their keys named in Prefix); one partition of all records without dynamic partitioning.
     * A record lacking a key the prefix names fails (partitioning-failed).
     */
    private static Map<Map<String, String>, List<Item>> partition(boolean dynamic, String prefix, List<Item> items,
                                                                 List<Failure> failed) {
        Map<Map<String, String>, List<Item>> partitions = new LinkedHashMap<>();
        Set<String> names = dynamic ? Prefixes.partitionKeyNames(prefix) : Set.of();
        for (Item i : items) {
            Map<String, String> keys = new LinkedHashMap<>();
            String missing = null;
            for (String n : names) {
                String v = i.partitionKeys().get(n);
                if (v == null) {
                    missing = n;
                    break;
                }
                keys.put(n, v);
            }
            if (missing != null) {
                failed.add(new Failure(i, "partitioning-failed", "DynamicPartitioning.MissingPartitionKey",
                        "The record has no value for the partition key '" + missing + "'", 1, i.arrivedAt(), null));
            } else {
                partitions.computeIfAbsent(keys, k -> new ArrayList<>()).add(i);
            }
        }
        return partitions;
    }

    /** Firehose's error record, one JSON object per line. */
    private static byte[] errorRecord(Failure f) {
        var o = JSON.createObjectNode();
        o.put("attemptsMade", f.attempts()).put("arrivalTimestamp", f.item().arrivedAt().toEpochMilli())
                .put("errorCode", f.errorCode()).put("errorMessage", f.errorMessage())
                .put("attemptEndingTimestamp", f.endedAt().toEpochMilli())
                .put("rawData", Base64.getEncoder().encodeToString(f.item().raw()));
        if (f.lambdaArn() != null) {
            o.put("lambdaArn", f.lambdaArn());
        }
        return (o + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private Written write(DeliveryStream stream, String bucketArn, String prefix, ZonedDateTime oldest, String extension,
                          CompressionFormat format, List<byte[]> data, EncryptionConfiguration encryption) {
        String name = objectName(stream, oldest);
        byte[] body = Compression.compress(format, data, name);
        String key = prefix + name + extension;
        s3.put(stream.account(), stream.region(), bucketArn, key, body, encryption);
        return new Written(bucketArn, key, body.length);
    }

    /** {@code <stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>}, by the oldest record's arrival. */
    private static String objectName(DeliveryStream stream, ZonedDateTime oldest) {
        return stream.name() + "-" + stream.versionId() + "-" + oldest.format(SUFFIX_TIME) + "-" + UUID.randomUUID();
    }
}
