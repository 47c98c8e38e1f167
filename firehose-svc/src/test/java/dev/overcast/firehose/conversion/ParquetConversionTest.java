package dev.overcast.firehose.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.firehose.FirehoseTestService;
import dev.overcast.firehose.GlueStandIn;
import dev.overcast.firehose.S3Reads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.*;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * JSON → Apache Parquet with the schema of a Glue table (GetTable through the Glue API, here a stand-in server): the
 * file read back with Parquet's reader, value by value; a record that does not match lands under the error prefix.
 */
class ParquetConversionTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FirehoseClient firehose = FirehoseTestService.client();

    private String stream(String bucket, String table) {
        String name = FirehoseTestService.name("pq");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(d -> d
                .bucketARN(bucket).roleARN(ROLE).bufferingHints(h -> h.sizeInMBs(64).intervalInSeconds(0))
                .prefix("data/").errorOutputPrefix("errors/!{firehose:error-output-type}/")
                .dataFormatConversionConfiguration(c -> c.enabled(true)
                        .schemaConfiguration(s -> s.databaseName("sales").tableName(table).roleARN(ROLE).versionId("LATEST"))
                        .inputFormatConfiguration(i -> i.deserializer(x -> x.openXJsonSerDe(o -> o.caseInsensitive(true))))
                        .outputFormatConfiguration(o -> o.serializer(x -> x.parquetSerDe(p -> p
                                .compression(ParquetCompression.SNAPPY).pageSizeBytes(64 * 1024)))))));
        return name;
    }

    private static Record record(String text) {
        return Record.builder().data(SdkBytes.fromUtf8String(text)).build();
    }

    /** The rows of a Parquet file's bytes, as parquet-hadoop's example Groups. */
    static List<Group> read(byte[] parquet) throws Exception {
        Path file = Files.createTempFile("firehose-", ".parquet");
        try {
            Files.write(file, parquet);
            List<Group> rows = new ArrayList<>();
            try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
                MessageType schema = reader.getFooter().getFileMetaData().getSchema();
                PageReadStore pages;
                while ((pages = reader.readNextRowGroup()) != null) {
                    RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                            .getRecordReader(pages, new GroupRecordConverter(schema));
                    for (long i = 0; i < pages.getRowCount(); i++) {
                        rows.add(records.read());
                    }
                }
            }
            return rows;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void jsonRecordsBecomeParquetRowsAndAMismatchGoesToTheErrorPrefix() throws Exception {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("id", "int");
        columns.put("name", "string");
        columns.put("price", "double");
        columns.put("paid", "boolean");
        columns.put("at", "timestamp");
        columns.put("qty", "bigint");
        GlueStandIn.table("sales", "orders", columns);
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, "orders");
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(
                record("{\"id\":1,\"Name\":\"apple\",\"price\":1.5,\"paid\":true,\"at\":\"2026-01-02T03:04:05Z\",\"qty\":10}"),
                record("{\"id\":2,\"name\":\"pear\",\"price\":2,\"paid\":false,\"at\":1700000000000}"),
                record("{\"id\":\"not a number\",\"name\":\"bad\"}")));
        List<S3Object> objects = S3Reads.awaitObjects(bucket, 2);
        S3Object data = objects.stream().filter(o -> o.key().startsWith("data/")).findFirst().orElseThrow();
        assertThat(data.key()).endsWith(".parquet");
        List<Group> rows = read(S3Reads.bytes(bucket, data.key()));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getInteger("id", 0)).isEqualTo(1);
        assertThat(rows.get(0).getString("name", 0)).isEqualTo("apple");
        assertThat(rows.get(0).getDouble("price", 0)).isEqualTo(1.5);
        assertThat(rows.get(0).getBoolean("paid", 0)).isTrue();
        assertThat(rows.get(0).getLong("at", 0)).isEqualTo(java.time.Instant.parse("2026-01-02T03:04:05Z").toEpochMilli());
        assertThat(rows.get(0).getLong("qty", 0)).isEqualTo(10L);
        assertThat(rows.get(1).getInteger("id", 0)).isEqualTo(2);
        assertThat(rows.get(1).getString("name", 0)).isEqualTo("pear");
        assertThat(rows.get(1).getDouble("price", 0)).isEqualTo(2.0);
        assertThat(rows.get(1).getBoolean("paid", 0)).isFalse();
        assertThat(rows.get(1).getLong("at", 0)).isEqualTo(1700000000000L);
        assertThat(rows.get(1).getFieldRepetitionCount("qty")).isZero();

        S3Object error = objects.stream().filter(o -> o.key().startsWith("errors/")).findFirst().orElseThrow();
        assertThat(error.key()).startsWith("errors/format-conversion-failed/");
        JsonNode failure = JSON.readTree(S3Reads.text(bucket, error.key()));
        assertThat(new String(Base64.getDecoder().decode(failure.path("rawData").asText()), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"not a number\",\"name\":\"bad\"}");
    }

    @Test
    void conversionRules() {
        String bucket = FirehoseTestService.bucket();
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(FirehoseTestService.name("pq"))
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN(ROLE).compressionFormat(CompressionFormat.GZIP)
                        .dataFormatConversionConfiguration(c -> c.enabled(true)
                                .schemaConfiguration(s -> s.databaseName("sales").tableName("orders").roleARN(ROLE))
                                .inputFormatConfiguration(i -> i.deserializer(x -> x.openXJsonSerDe(o -> { })))
                                .outputFormatConfiguration(o -> o.serializer(x -> x.parquetSerDe(p -> { })))))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("UNCOMPRESSED");
        assertThatThrownBy(() -> firehose.createDeliveryStream(b -> b.deliveryStreamName(FirehoseTestService.name("pq"))
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN(ROLE)
                        .dataFormatConversionConfiguration(c -> c.enabled(true)
                                .inputFormatConfiguration(i -> i.deserializer(x -> x.openXJsonSerDe(o -> { })))
                                .outputFormatConfiguration(o -> o.serializer(x -> x.orcSerDe(p -> { })))))))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("SchemaConfiguration");
    }
}
