package dev.overcast.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.testing.TestDatabase;
import dev.overcast.firehose.FirehoseTestService;
import dev.overcast.firehose.S3Reads;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.*;
import software.amazon.awssdk.services.firehose.model.Record;

/** Redshift through its stand-in: the intermediate S3 copy, then COPY over the PostgreSQL wire; the rows land. */
class RedshiftDeliveryTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private final FirehoseClient firehose = FirehoseTestService.client();

    @BeforeAll
    static void table() {
        JdbcTemplate jdbc = FirehoseTestService.jdbc();
        jdbc.execute("create schema if not exists redshift_standin");
        jdbc.execute("create table if not exists redshift_standin.events (id int, name text)");
    }

    private String stream(String bucket, String options) {
        String name = FirehoseTestService.name("rs");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).redshiftDestinationConfiguration(r -> r
                .clusterJDBCURL(TestDatabase.jdbcUrl("public")).username("postgres").password("secret1").roleARN(ROLE)
                .copyCommand(c -> c.dataTableName("redshift_standin.events").dataTableColumns("id,name").copyOptions(options))
                .s3Configuration(s -> s.bucketARN(bucket).roleARN(ROLE).prefix("staging/")
                        // the intermediate object compressed as the COPY options say it is
                        .compressionFormat(options.contains("GZIP") ? CompressionFormat.GZIP : CompressionFormat.UNCOMPRESSED)
                        .bufferingHints(h -> h.intervalInSeconds(0)))));
        return name;
    }

    private static Record record(String text) {
        return Record.builder().data(SdkBytes.fromUtf8String(text)).build();
    }

    private static List<Map<String, Object>> rows(int from, int to) {
        return FirehoseTestService.jdbc().queryForList(
                "select id, name from redshift_standin.events where id between ? and ? order by id", from, to);
    }

    @Test
    void csvRowsAreCopiedIntoTheTable() {
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, "CSV");
        RedshiftDestinationDescription d = firehose.describeDeliveryStream(b -> b.deliveryStreamName(name))
                .deliveryStreamDescription().destinations().getFirst().redshiftDestinationDescription();
        assertThat(d.username()).isEqualTo("postgres");
        assertThat(d.copyCommand().dataTableName()).isEqualTo("redshift_standin.events");
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(record("101,alpha\n"), record("102,\"be,ta\"\n")));
        Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> rows(101, 102).size() == 2);
        assertThat(rows(101, 102)).containsExactly(Map.of("id", 101, "name", "alpha"), Map.of("id", 102, "name", "be,ta"));
        assertThat(S3Reads.objects(bucket)).singleElement().satisfies(o -> {
            assertThat(o.key()).startsWith("staging/");
            assertThat(S3Reads.text(bucket, o.key())).isEqualTo("101,alpha\n102,\"be,ta\"\n");
        });
    }

    @Test
    void jsonAutoTakesColumnsByName() {
        String bucket = FirehoseTestService.bucket();
        String name = stream(bucket, "JSON 'auto' GZIP");
        firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(record("{\"name\":\"gamma\",\"id\":201}"),
                record("{\"id\":202}")));
        Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> rows(201, 202).size() == 2);
        assertThat(rows(201, 202)).containsExactly(Map.of("id", 201, "name", "gamma"),
                new java.util.HashMap<>(java.util.Collections.singletonMap("name", null)) {{ put("id", 202); }});
    }

    @Test
    void copyOptionsPostgreSqlCannotHonourAreRefused() {
        String bucket = FirehoseTestService.bucket();
        assertThatThrownBy(() -> stream(bucket, "MANIFEST"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("MANIFEST");
    }

    /**
     * A delivery of more than a part's worth (6.4 MB, through a transformation function a record at a time) is
     * streamed: the intermediate object's multipart upload is under way before the last record has been sent to the
     * function; the COPY then reads that object back from S3, and every row lands.
     */
    @Test
    void aLargeDeliveryIsWrittenToTheIntermediateObjectAsItIsReadThenCopiedFromIt() {
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("rsbig");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name).redshiftDestinationConfiguration(r -> r
                .clusterJDBCURL(TestDatabase.jdbcUrl("public")).username("postgres").password("secret1").roleARN(ROLE)
                .copyCommand(c -> c.dataTableName("redshift_standin.events").dataTableColumns("id,name").copyOptions("CSV"))
                .processingConfiguration(p -> p.enabled(true).processors(Processor.builder().type(ProcessorType.LAMBDA)
                        .parameters(ProcessorParameter.builder().parameterName(ProcessorParameterName.LAMBDA_ARN)
                                .parameterValue(dev.overcast.firehose.TransformServer.ARN).build()).build()))
                .s3Configuration(s -> s.bucketARN(bucket).roleARN(ROLE).prefix("staging/")
                        .bufferingHints(h -> h.sizeInMBs(10).intervalInSeconds(60)))));
        List<String> records = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            records.add((300 + i) + "," + String.valueOf((char) ('a' + i % 26)).repeat(400_000) + "\n");
        }
        for (int from = 0; from < 16; from += 8) {
            List<Record> batch = records.subList(from, from + 8).stream().map(RedshiftDeliveryTest::record).toList();
            assertThat(firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(batch)).failedPutCount()).isZero();
        }
        java.util.concurrent.atomic.AtomicInteger uploads = new java.util.concurrent.atomic.AtomicInteger(-1);
        dev.overcast.firehose.TransformServer.onEvent = e -> {
            if (e.path("deliveryStreamArn").asText().endsWith("/" + name) && new String(java.util.Base64.getDecoder()
                    .decode(e.path("records").get(0).path("data").asText()), java.nio.charset.StandardCharsets.UTF_8)
                    .startsWith("315,")) {
                uploads.set(FirehoseTestService.s3().listMultipartUploads(b -> b.bucket(S3Reads.bucketName(bucket)))
                        .uploads().size());
            }
        };
        try {
            FirehoseTestService.advanceClock(java.time.Duration.ofSeconds(61));
            Awaitility.await().atMost(120, TimeUnit.SECONDS).until(() -> rows(300, 315).size() == 16);
            assertThat(uploads.get()).as("multipart uploads under way when the last record was sent to the function")
                    .isEqualTo(1);
            List<Map<String, Object>> rows = rows(300, 315);
            for (int i = 0; i < 16; i++) {
                assertThat(rows.get(i)).containsEntry("id", 300 + i).containsEntry("name",
                        String.valueOf((char) ('A' + i % 26)).repeat(400_000));
            }
            assertThat(S3Reads.objects(bucket)).singleElement().satisfies(o -> assertThat(o.key()).startsWith("staging/"));
        } finally {
            dev.overcast.firehose.TransformServer.onEvent = e -> { };
        }
    }
}
