package dev.overcast.firehose.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.firehose.FirehoseTestService;
import dev.overcast.firehose.GlueStandIn;
import dev.overcast.firehose.S3Reads;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DecimalColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DoubleColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ListColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.LongColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.MapColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.StructColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.TimestampColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.Reader;
import org.apache.orc.RecordReader;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.Deserializer;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.Serializer;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Decimal, array, map and struct columns, the OpenX JSON SerDe's CaseInsensitive, ColumnToJsonKeyMappings and
 * ConvertDotsInJsonKeysToUnderscores, and the Hive JSON SerDe's TimestampFormats: JSON to Parquet and to ORC, the files
 * read back with each format's reader, value by value.
 */
class NestedConversionTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FirehoseClient firehose = FirehoseTestService.client();

    private static Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("id", "int");
        columns.put("price", "decimal(10,2)");
        columns.put("tags", "array<string>");
        columns.put("attrs", "map<string,int>");
        columns.put("owner", "struct<name:string,age:int>");
        columns.put("geo_city", "string");
        columns.put("ref", "string");
        columns.put("at", "timestamp");
        return columns;
    }

    private String stream(String bucket, String table, Deserializer deserializer, Serializer serializer) {
        String name = FirehoseTestService.name("nest");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).extendedS3DestinationConfiguration(d -> d
                .bucketARN(bucket).roleARN(ROLE).bufferingHints(h -> h.sizeInMBs(64).intervalInSeconds(0))
                .prefix("data/").errorOutputPrefix("errors/!{firehose:error-output-type}/")
                .dataFormatConversionConfiguration(c -> c.enabled(true)
                        .schemaConfiguration(s -> s.databaseName("sales").tableName(table).roleARN(ROLE))
                        .inputFormatConfiguration(i -> i.deserializer(deserializer))
                        .outputFormatConfiguration(o -> o.serializer(serializer)))));
        return name;
    }

    private static Record record(String text) {
        return Record.builder().data(SdkBytes.fromUtf8String(text)).build();
    }

    private static String rawData(String bucket, S3Object error) throws Exception {
        return new String(Base64.getDecoder().decode(JSON.readTree(S3Reads.text(bucket, error.key())).path("rawData")
                .asText()), StandardCharsets.UTF_8);
    }

    @Test
    void nestedColumnsAndOpenXOptionsInParquet() throws Exception {
        GlueStandIn.table("sales", "nested_parquet", columns());
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, "nested_parquet", Deserializer.builder().openXJsonSerDe(o -> o.caseInsensitive(false)
                        .convertDotsInJsonKeysToUnderscores(true).columnToJsonKeyMappings(Map.of("ref", "reference-id"))).build(),
                Serializer.builder().parquetSerDe(p -> { }).build());
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(
                record("{\"id\":1,\"ID\":99,\"price\":12.345,\"tags\":[\"a\",\"b\"],\"attrs\":{\"x\":1,\"y\":2},"
                        + "\"owner\":{\"name\":\"ann\",\"age\":30},\"geo.city\":\"Oslo\",\"reference-id\":\"R1\","
                        + "\"at\":\"2026-01-02T03:04:05Z\"}"),
                record("{\"id\":2,\"price\":\"-0.5\",\"tags\":[],\"owner\":{\"name\":\"bob\"},\"Geo.City\":\"x\",\"ref\":\"no\"}"),
                record("{\"id\":3,\"price\":123456789.1}")));
        List<S3Object> objects = S3Reads.awaitObjects(bucket, 2);
        S3Object data = objects.stream().filter(o -> o.key().startsWith("data/")).findFirst().orElseThrow();
        List<Group> rows = ParquetConversionTest.read(S3Reads.bytes(bucket, data.key()));
        assertThat(rows).hasSize(2);

        Group first = rows.get(0);
        assertThat(first.getInteger("id", 0)).isEqualTo(1);   // "ID" is another key: CaseInsensitive is off
        assertThat(decimal(first, "price", 2)).isEqualByComparingTo("12.35");
        Group tags = first.getGroup("tags", 0);
        assertThat(tags.getFieldRepetitionCount("list")).isEqualTo(2);
        assertThat(tags.getGroup("list", 0).getString("element", 0)).isEqualTo("a");
        assertThat(tags.getGroup("list", 1).getString("element", 0)).isEqualTo("b");
        Group attrs = first.getGroup("attrs", 0);
        assertThat(attrs.getFieldRepetitionCount("key_value")).isEqualTo(2);
        assertThat(attrs.getGroup("key_value", 0).getString("key", 0)).isEqualTo("x");
        assertThat(attrs.getGroup("key_value", 0).getInteger("value", 0)).isEqualTo(1);
        assertThat(attrs.getGroup("key_value", 1).getString("key", 0)).isEqualTo("y");
        assertThat(attrs.getGroup("key_value", 1).getInteger("value", 0)).isEqualTo(2);
        assertThat(first.getGroup("owner", 0).getString("name", 0)).isEqualTo("ann");
        assertThat(first.getGroup("owner", 0).getInteger("age", 0)).isEqualTo(30);
        assertThat(first.getString("geo_city", 0)).isEqualTo("Oslo");   // geo.city, its dot an underscore
        assertThat(first.getString("ref", 0)).isEqualTo("R1");            // from reference-id
        assertThat(first.getLong("at", 0)).isEqualTo(Instant.parse("2026-01-02T03:04:05Z").toEpochMilli());

        Group second = rows.get(1);
        assertThat(second.getInteger("id", 0)).isEqualTo(2);
        assertThat(decimal(second, "price", 2)).isEqualByComparingTo("-0.50");
        assertThat(second.getGroup("tags", 0).getFieldRepetitionCount("list")).isZero();
        assertThat(second.getFieldRepetitionCount("attrs")).isZero();
        assertThat(second.getGroup("owner", 0).getString("name", 0)).isEqualTo("bob");
        assertThat(second.getGroup("owner", 0).getFieldRepetitionCount("age")).isZero();
        assertThat(second.getFieldRepetitionCount("geo_city")).isZero();   // Geo.City: another key
        assertThat(second.getFieldRepetitionCount("ref")).isZero();        // ref is read from reference-id only

        S3Object error = objects.stream().filter(o -> o.key().startsWith("errors/format-conversion-failed/")).findFirst()
                .orElseThrow();
        assertThat(rawData(bucket, error)).isEqualTo("{\"id\":3,\"price\":123456789.1}");   // 9 digits before the point
    }

    @Test
    void nestedColumnsAndHiveTimestampFormatsInOrc() throws Exception {
        GlueStandIn.table("sales", "nested_orc", columns());
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, "nested_orc", Deserializer.builder().hiveJsonSerDe(h -> h
                        .timestampFormats("dd/MM/yyyy HH:mm:ss", "millis")).build(),
                Serializer.builder().orcSerDe(o -> { }).build());
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(
                record("{\"id\":1,\"price\":12.345,\"tags\":[\"a\",\"b\"],\"attrs\":{\"x\":1},"
                        + "\"owner\":{\"NAME\":\"ann\",\"age\":30},\"at\":\"02/01/2026 03:04:05\"}"),
                record("{\"id\":2,\"at\":1700000000000,\"tags\":[\"c\",null],\"attrs\":{}}"),
                record("{\"id\":3,\"at\":\"2026-01-02T03:04:05Z\"}"),
                record("{\"id\":4,\"attrs\":{\"k\":\"not a number\"}}")));
        List<S3Object> objects = S3Reads.awaitObjects(bucket, 2);
        S3Object data = objects.stream().filter(o -> o.key().startsWith("data/")).findFirst().orElseThrow();
        List<Map<String, Object>> rows = orc(S3Reads.bytes(bucket, data.key()));
        assertThat(rows).hasSize(2);
        Map<String, Object> first = rows.get(0);
        assertThat(first.get("id")).isEqualTo(1L);
        assertThat((BigDecimal) first.get("price")).isEqualByComparingTo("12.35");
        assertThat(first.get("tags")).isEqualTo(List.of("a", "b"));
        assertThat(first.get("attrs")).isEqualTo(Map.of("x", 1L));
        assertThat(first.get("owner")).isEqualTo(List.of("ann", 30L));
        assertThat(first.get("at")).isEqualTo(Instant.parse("2026-01-02T03:04:05Z").toEpochMilli());
        Map<String, Object> second = rows.get(1);
        assertThat(second.get("id")).isEqualTo(2L);
        assertThat(second.get("price")).isNull();
        assertThat(second.get("tags")).isEqualTo(java.util.Arrays.asList("c", null));
        assertThat(second.get("attrs")).isEqualTo(Map.of());
        assertThat(second.get("owner")).isNull();
        assertThat(second.get("at")).isEqualTo(1700000000000L);

        List<String> failed = new ArrayList<>();
        for (S3Object o : objects) {
            if (o.key().startsWith("errors/format-conversion-failed/")) {
                for (String line : S3Reads.text(bucket, o.key()).split("\n")) {
                    failed.add(new String(Base64.getDecoder().decode(JSON.readTree(line).path("rawData").asText()),
                            StandardCharsets.UTF_8));
                }
            }
        }
        // an ISO timestamp matches none of the formats given; a map value that is no int
        assertThat(failed).containsExactly("{\"id\":3,\"at\":\"2026-01-02T03:04:05Z\"}",
                "{\"id\":4,\"attrs\":{\"k\":\"not a number\"}}");
    }

    private static BigDecimal decimal(Group g, String field, int scale) {
        return new BigDecimal(new BigInteger(g.getBinary(field, 0).getBytes()), scale);
    }

    private static List<Map<String, Object>> orc(byte[] orc) throws Exception {
        Path file = Files.createTempFile("firehose-", ".orc");
        try {
            Files.write(file, orc);
            try (Reader reader = OrcConversionTest.reader(file); RecordReader records = reader.rows()) {
                assertThat(reader.getSchema().toString()).isEqualTo("struct<id:int,price:decimal(10,2),tags:array<string>,"
                        + "attrs:map<string,int>,owner:struct<name:string,age:int>,geo_city:string,ref:string,at:timestamp>");
                List<String> names = reader.getSchema().getFieldNames();
                List<Map<String, Object>> rows = new ArrayList<>();
                VectorizedRowBatch batch = reader.getSchema().createRowBatch();
                while (records.nextBatch(batch)) {
                    for (int r = 0; r < batch.size; r++) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int c = 0; c < names.size(); c++) {
                            row.put(names.get(c), value(batch.cols[c], r));
                        }
                        rows.add(row);
                    }
                }
                return rows;
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A value of an ORC column vector as Java: a struct as the list of its fields' values. */
    private static Object value(ColumnVector col, int r) {
        int i = col.isRepeating ? 0 : r;
        if (!col.noNulls && col.isNull[i]) {
            return null;
        }
        return switch (col) {
            case BytesColumnVector b -> b.toString(i);
            case TimestampColumnVector t -> t.asScratchTimestamp(i).getTime();
            case DecimalColumnVector d -> d.vector[i].getHiveDecimal().bigDecimalValue();
            case DoubleColumnVector d -> d.vector[i];
            case LongColumnVector l -> l.vector[i];
            case ListColumnVector l -> {
                List<Object> list = new ArrayList<>();
                for (long k = l.offsets[i]; k < l.offsets[i] + l.lengths[i]; k++) {
                    list.add(value(l.child, (int) k));
                }
                yield list;
            }
            case MapColumnVector m -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (long k = m.offsets[i]; k < m.offsets[i] + m.lengths[i]; k++) {
                    map.put(value(m.keys, (int) k), value(m.values, (int) k));
                }
                yield map;
            }
            case StructColumnVector s -> {
                List<Object> fields = new ArrayList<>();
                for (ColumnVector f : s.fields) {
                    fields.add(value(f, i));
                }
                yield fields;
            }
            default -> throw new IllegalStateException(col.toString());
        };
    }
}
