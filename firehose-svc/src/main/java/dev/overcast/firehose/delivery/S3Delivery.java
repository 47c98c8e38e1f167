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
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.ProcessingConfiguration;
import software.amazon.awssdk.services.firehose.model.S3BackupMode;
import software.amazon.awssdk.services.firehose.model.S3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.Serializer;

/**
 * One delivery to an S3 destination, streamed: the buffer is read a few batch rows at a time, the records go through
 * the destination's processors a batch (one Lambda invocation) at a time, and what they return is written at once to
 * the object of its partition ({@code <evaluated prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid><extension>}),
 * compressed or converted to Parquet/ORC as it comes and sent to S3 part by part; failed records are written as
 * Firehose's error records under ErrorOutputPrefix as they fail, and with S3BackupMode Enabled each record as it came to
 * the backup bucket as it is read. Memory holds a part per open object and a processors' batch, not SizeInMBs.
 */
final class S3Delivery {

    /** The error output type of records past the active partitions limit, as Firehose names it. */
    static final String ACTIVE_PARTITION_EXCEEDED = "activePartitionExceeded";
    private static final long MIB = 1024L * 1024;

    /** An object written: its bucket ARN and key, and its size. */
    record Written(String bucketArn, String key, long bytes) {
    }

    /** What a delivery wrote, and how many records went to the error prefix. */
    record Delivery(List<Written> objects, int failedRecords) {
    }

    /** Where a delivery reads its records from: each call hands the same records to the consumer, in order. */
    interface Source {
        void read(Consumer<Buffered> each);
    }

    private final S3Objects s3;
    private final Processors processors;
    private final GlueSchemas glue;
    private final int maxPartitions;
    private final long partitionMemory;

    /**
     * {@code maxPartitions}: the active partitions a delivery may have (Firehose's quota, 500 by default); the open
     * objects of a delivery hold at most four parts between them before the least recently written is completed.
     */
    S3Delivery(S3Objects s3, Processors processors, GlueSchemas glue, int maxPartitions) {
        this.s3 = s3;
        this.processors = processors;
        this.glue = glue;
        this.maxPartitions = maxPartitions;
        this.partitionMemory = 4L * s3.partSize();
    }

    Delivery deliver(DeliveryStream stream, ExtendedS3DestinationDescription d, Source source) {
        ZoneId zone = d.customTimeZone() == null || d.customTimeZone().isEmpty() ? ZoneOffset.UTC : ZoneId.of(d.customTimeZone());
        boolean dynamic = d.dynamicPartitioningConfiguration() != null
                && Boolean.TRUE.equals(d.dynamicPartitioningConfiguration().enabled());
        boolean convert = RecordConversion.enabled(d.dataFormatConversionConfiguration());
        Serializer serializer = convert ? d.dataFormatConversionConfiguration().outputFormatConfiguration().serializer() : null;
        String extension = d.fileExtension() != null && !d.fileExtension().isEmpty() ? d.fileExtension()
                : convert ? RecordConversion.extension(serializer) : Compression.extension(d.compressionFormat());
        RecordConversion.Converter converter = convert ? RecordConversion.converter(glue.columns(stream.account(),
                stream.region(), d.dataFormatConversionConfiguration().schemaConfiguration()),
                d.dataFormatConversionConfiguration()) : null;
        ErrorObjects errors = new ErrorObjects(s3, stream, d.bucketARN(), d.errorOutputPrefix(), zone,
                d.compressionFormat(), d.encryptionConfiguration());
        StreamedObject backup = d.s3BackupMode() == S3BackupMode.ENABLED && d.s3BackupDescription() != null
                ? data(stream, d.s3BackupDescription()) : null;
        Partitions partitions = new Partitions(errors, keys -> {
            StreamedObject object = new StreamedObject(s3, stream, new StreamedObject.Target(d.bucketARN(),
                    at -> Prefixes.evaluate(d.prefix(), at, keys), zone, convert ? null : d.compressionFormat(), extension,
                    d.encryptionConfiguration()));
            return convert ? new Converted(object, converter, errors) : new Plain(object);
        });
        Set<String> keyNames = dynamic ? Prefixes.partitionKeyNames(d.prefix()) : Set.of();
        try {
            process(stream, "", d.processingConfiguration(), dynamic, source,
                    backup == null ? null : b -> backup.write(b.arrivedAt(), b.data()),
                    (i, place) -> {
                        Map<String, String> keys = dynamic ? keys(keyNames, i, errors) : Map.of();
                        if (keys != null) {
                            partitions.write(keys, i);
                        }
                    }, errors::add);
            List<Written> written = partitions.close();
            written.addAll(errors.close());
            if (backup != null && backup.started()) {
                written.add(backup.close());
            }
            return new Delivery(written, errors.count());
        } catch (RuntimeException e) {
            partitions.abort();
            errors.abort();
            if (backup != null) {
                backup.abort();
            }
            throw e;
        }
    }

    /**
     * Reads the source's records and runs them through the processors a batch ({@link Processors#batchFull}: about one
     * Lambda invocation) at a time, handing on what each batch delivers (with the place, from 0, of the record it came
     * from in the read) and what fails before the next batch is read; without processors each record is handed on as
     * it is read. {@code raw} (when given) sees each record as read. Records are identified as
     * {@code <idPrefix><batch>.<index>}.
     */
    void process(DeliveryStream stream, String idPrefix, ProcessingConfiguration c, boolean dynamic, Source source,
                 Consumer<Buffered> raw, ObjIntConsumer<Item> delivered, Consumer<Failure> failed) {
        int[] read = {0};
        if (!Processors.enabled(c)) {
            source.read(b -> {
                if (raw != null) {
                    raw.accept(b);
                }
                delivered.accept(new Item(idPrefix + b.id(), b.arrivedAt(), b.data(), Map.of(), b.data()), read[0]++);
            });
            return;
        }
        List<Item> batch = new ArrayList<>();
        Map<byte[], Integer> places = new IdentityHashMap<>();
        long[] bytes = {0};
        Runnable run = () -> {
            Outcome outcome = processors.apply(stream.arn(), stream.region(), c, dynamic, List.copyOf(batch));
            outcome.failed().forEach(failed);
            outcome.delivered().forEach(i -> delivered.accept(i, places.getOrDefault(i.raw(), -1)));
            batch.clear();
            places.clear();
            bytes[0] = 0;
        };
        source.read(b -> {
            if (raw != null) {
                raw.accept(b);
            }
            if (Processors.batchFull(c, bytes[0], b.data())) {
                run.run();
            }
            batch.add(new Item(idPrefix + b.id(), b.arrivedAt(), b.data(), Map.of(), b.data()));
            places.put(b.data(), read[0]++);
            bytes[0] += Processors.eventBytes(b.data());
        });
        if (!batch.isEmpty()) {
            run.run();
        }
    }

    /** An object of an S3 configuration (a backup, an HTTP endpoint's AllData copy, Redshift's intermediate copy), UTC. */
    StreamedObject data(DeliveryStream stream, S3DestinationDescription b) {
        return new StreamedObject(s3, stream, new StreamedObject.Target(b.bucketARN(),
                at -> Prefixes.evaluate(b.prefix(), at, Map.of()), ZoneOffset.UTC, b.compressionFormat(),
                Compression.extension(b.compressionFormat()), b.encryptionConfiguration()));
    }

    /** The error objects of an S3 configuration (UTC). */
    ErrorObjects errors(DeliveryStream stream, S3DestinationDescription b) {
        return new ErrorObjects(s3, stream, b.bucketARN(), b.errorOutputPrefix(), ZoneOffset.UTC, b.compressionFormat(),
                b.encryptionConfiguration());
    }

    /** A record's partition (its keys the prefix names), or null when it lacks one (partitioning-failed). */
    private static Map<String, String> keys(Set<String> names, Item i, ErrorObjects errors) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String n : names) {
            String v = i.partitionKeys().get(n);
            if (v == null) {
                errors.add(new Failure(i, "partitioning-failed", "DynamicPartitioning.MissingPartitionKey",
                        "The record has no value for the partition key '" + n + "'", 1, i.arrivedAt(), null));
                return null;
            }
            keys.put(n, v);
        }
        return keys;
    }

    /** A partition's object being written. */
    private interface PartitionWriter {
        void write(Item i);

        /** Bytes held in memory, not sent yet. */
        long held();

        /** Completes the object; null when nothing was written to it. */
        Written close();

        void abort();
    }

    /** The records as they are, compressed. */
    private record Plain(StreamedObject object) implements PartitionWriter {
        @Override
        public void write(Item i) {
            object.write(i.arrivedAt(), i.data());
        }

        @Override
        public long held() {
            return object.held();
        }

        @Override
        public Written close() {
            return object.close();
        }

        @Override
        public void abort() {
            object.abort();
        }
    }

    /**
     * The records as rows of a Parquet or ORC file, written to the object's upload as the format's writer flushes a row
     * group or a stripe; a record that does not fit the table goes to the error prefix (format-conversion-failed).
     */
    private static final class Converted implements PartitionWriter {
        private final StreamedObject object;
        private final RecordConversion.Converter converter;
        private final ErrorObjects errors;
        private RecordConversion.FileWriter file;

        Converted(StreamedObject object, RecordConversion.Converter converter, ErrorObjects errors) {
            this.object = object;
            this.converter = converter;
            this.errors = errors;
        }

        @Override
        public void write(Item i) {
            Object[] row;
            try {
                row = converter.row(i.data());
            } catch (RecordConversion.Mismatch e) {
                errors.add(new Failure(i, RecordConversion.FAILED, "DataFormatConversion.MalformedData", e.getMessage(), 1,
                        i.arrivedAt(), null));
                return;
            }
            try {
                if (file == null) {
                    file = converter.open(object.raw(i.arrivedAt()));
                }
                file.add(row);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public long held() {
            return object.held();
        }

        @Override
        public Written close() {
            if (file == null) {
                return null;
            }
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return object.close();
        }

        @Override
        public void abort() {
            object.abort();
        }
    }

    /**
     * The open objects of a delivery, one per partition (one in all without dynamic partitioning). A record whose
     * partition would be past the active partitions limit goes to the error prefix ({@code activePartitionExceeded}), as
     * Firehose does; when the open objects hold more than the memory budget, the least recently written are completed
     * (delivered early, as Firehose delivers a partition's buffer on its own) and their partitions are no longer active.
     */
    private final class Partitions {
        private final ErrorObjects errors;
        private final Function<Map<String, String>, PartitionWriter> opener;
        private final LinkedHashMap<Map<String, String>, PartitionWriter> open = new LinkedHashMap<>(16, 0.75f, true);
        private final List<Written> written = new ArrayList<>();
        private long sinceCheck;

        Partitions(ErrorObjects errors, Function<Map<String, String>, PartitionWriter> opener) {
            this.errors = errors;
            this.opener = opener;
        }

        void write(Map<String, String> keys, Item i) {
            PartitionWriter w = open.get(keys);
            if (w == null) {
                if (open.size() >= maxPartitions) {
                    errors.add(new Failure(i, ACTIVE_PARTITION_EXCEEDED, "DynamicPartitioning.ActivePartitionsLimitExceeded",
                            "The delivery stream has " + maxPartitions + " active partitions, its limit", 1, i.arrivedAt(),
                            null));
                    return;
                }
                w = opener.apply(keys);
                open.put(keys, w);
            }
            w.write(i);
            sinceCheck += i.data().length;
            if (open.size() > 1 && sinceCheck >= MIB) {
                sinceCheck = 0;
                bound();
            }
        }

        private void bound() {
            long held = 0;
            for (PartitionWriter w : open.values()) {
                held += w.held();
            }
            Iterator<PartitionWriter> lru = open.values().iterator();
            while (held > partitionMemory && open.size() > 1 && lru.hasNext()) {
                PartitionWriter w = lru.next();
                held -= w.held();
                add(w.close());
                lru.remove();
            }
        }

        private void add(Written w) {
            if (w != null) {
                written.add(w);
            }
        }

        List<Written> close() {
            open.values().forEach(w -> add(w.close()));
            open.clear();
            return written;
        }

        void abort() {
            open.values().forEach(PartitionWriter::abort);
        }
    }
}
