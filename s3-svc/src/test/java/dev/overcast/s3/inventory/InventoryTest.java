package dev.overcast.s3.inventory;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.MovedClock;
import dev.overcast.s3.S3TestService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.InventoryFormat;
import software.amazon.awssdk.services.s3.model.InventoryFrequency;
import software.amazon.awssdk.services.s3.model.InventoryIncludedObjectVersions;
import software.amazon.awssdk.services.s3.model.InventoryOptionalField;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Inventory: configurations through the SDK, and a daily CSV report with its manifest delivered on the clock. */
class InventoryTest {

    private static final S3Client S3 = S3TestService.client();
    private final MovedClock clock = new MovedClock();

    @AfterEach
    void clockBack() {
        clock.restore();
    }

    @Test
    void dailyCsvReportAndManifestAppearInTheDestinationAndParse() throws IOException {
        String source = S3TestService.bucketName();
        String reports = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(source));
        S3.createBucket(b -> b.bucket(reports));
        S3.putObject(b -> b.bucket(source).key("a b.txt"), RequestBody.fromString("12345"));
        S3.putObject(b -> b.bucket(source).key("c.txt"), RequestBody.fromString("1"));
        assertFailure(failure(() -> S3.getBucketInventoryConfiguration(b -> b.bucket(source).id("daily"))), 404,
                "NoSuchConfiguration", "The specified configuration does not exist.");
        S3.putBucketInventoryConfiguration(b -> b.bucket(source).id("daily").inventoryConfiguration(c -> c.id("daily")
                .isEnabled(true).includedObjectVersions(InventoryIncludedObjectVersions.CURRENT)
                .schedule(s -> s.frequency(InventoryFrequency.DAILY))
                .optionalFields(InventoryOptionalField.SIZE, InventoryOptionalField.E_TAG, InventoryOptionalField.STORAGE_CLASS)
                .destination(d -> d.s3BucketDestination(s -> s.bucket("arn:aws:s3:::" + reports).prefix("inv")
                        .format(InventoryFormat.CSV)))));
        assertThat(S3.listBucketInventoryConfigurations(b -> b.bucket(source)).inventoryConfigurationList())
                .extracting(c -> c.id()).containsExactly("daily");
        assertThat(S3.listObjectsV2(b -> b.bucket(reports)).contents()).isEmpty();

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        InventoryReports job = S3TestService.bean(InventoryReports.class);
        MovedClock.runOnce(job::deliverDue);
        List<String> keys = S3.listObjectsV2(b -> b.bucket(reports)).contents().stream().map(S3Object::key).toList();
        String manifestKey = keys.stream().filter(k -> k.endsWith("/manifest.json")).findFirst().orElseThrow();
        assertThat(manifestKey).startsWith("inv/" + source + "/daily/");
        assertThat(keys).contains(manifestKey.replace("manifest.json", "manifest.checksum"));
        JsonNode manifest = JsonMapper.builder().build().readTree(
                S3.getObjectAsBytes(b -> b.bucket(reports).key(manifestKey)).asUtf8String());
        assertThat(manifest.get("sourceBucket").asString()).isEqualTo(source);
        assertThat(manifest.get("fileFormat").asString()).isEqualTo("CSV");
        assertThat(manifest.get("fileSchema").asString()).isEqualTo("Bucket, Key, Size, ETag, StorageClass");
        String dataKey = manifest.get("files").get(0).get("key").asString();
        byte[] gz = S3.getObjectAsBytes(b -> b.bucket(reports).key(dataKey)).asByteArray();
        String csv = new String(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(csv.lines().toList()).containsExactly(
                "\"" + source + "\",\"a%20b.txt\",\"5\",\"827ccb0eea8a706c4c34a16891f84e7b\",\"STANDARD\"",
                "\"" + source + "\",\"c.txt\",\"1\",\"c4ca4238a0b923820dcc509a6f75849b\",\"STANDARD\"");
        // the next report comes a day later, not at once
        assertThat(job.deliverDue()).isZero();
        S3.deleteBucketInventoryConfiguration(b -> b.bucket(source).id("daily"));
    }

    /** Delivers the report of a fresh configuration in the format, returning its manifest (the data file in {@code file}). */
    private JsonNode report(String source, String reports, InventoryFormat format, java.nio.file.Path file)
            throws IOException {
        S3.putBucketInventoryConfiguration(b -> b.bucket(source).id("all").inventoryConfiguration(c -> c.id("all")
                .isEnabled(true).includedObjectVersions(InventoryIncludedObjectVersions.ALL)
                .schedule(s -> s.frequency(InventoryFrequency.DAILY))
                .optionalFields(InventoryOptionalField.SIZE, InventoryOptionalField.LAST_MODIFIED_DATE,
                        InventoryOptionalField.E_TAG, InventoryOptionalField.IS_MULTIPART_UPLOADED)
                .destination(d -> d.s3BucketDestination(s -> s.bucket("arn:aws:s3:::" + reports).format(format)))));
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        MovedClock.runOnce(S3TestService.bean(InventoryReports.class)::deliverDue);
        String manifestKey = S3.listObjectsV2(b -> b.bucket(reports)).contents().stream().map(S3Object::key)
                .filter(k -> k.endsWith("/manifest.json")).findFirst().orElseThrow();
        JsonNode manifest = JsonMapper.builder().build().readTree(
                S3.getObjectAsBytes(b -> b.bucket(reports).key(manifestKey)).asUtf8String());
        String dataKey = manifest.get("files").get(0).get("key").asString();
        byte[] data = S3.getObjectAsBytes(b -> b.bucket(reports).key(dataKey)).asByteArray();
        java.nio.file.Files.write(file, data);
        assertThat(manifest.get("files").get(0).get("size").asLong()).isEqualTo(data.length);
        assertThat(manifest.get("files").get(0).get("MD5checksum").asString()).isEqualTo(
                java.util.HexFormat.of().formatHex(dev.overcast.s3.checksum.Md5.newDigest().digest(data)));
        return manifest;
    }

    private static String versionedSourceWithTwoVersions() {
        String source = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(source));
        S3.putBucketVersioning(b -> b.bucket(source).versioningConfiguration(v -> v.status("Enabled")));
        S3.putObject(b -> b.bucket(source).key("a b.txt"), RequestBody.fromString("1"));
        S3.putObject(b -> b.bucket(source).key("a b.txt"), RequestBody.fromString("12345"));
        return source;
    }

    @Test
    void parquetReportHasS3sSchemaAndParses(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        String source = versionedSourceWithTwoVersions();
        String reports = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(reports));
        java.nio.file.Path file = dir.resolve("report.parquet");
        JsonNode manifest = report(source, reports, InventoryFormat.PARQUET, file);
        assertThat(manifest.get("fileFormat").asString()).isEqualTo("Parquet");
        assertThat(manifest.get("files").get(0).get("key").asString()).endsWith(".parquet");
        assertThat(manifest.get("fileSchema").asString()).isEqualTo("message s3.inventory { required binary bucket (UTF8); "
                + "required binary key (UTF8); optional binary version_id (UTF8); optional boolean is_latest; "
                + "optional boolean is_delete_marker; optional int64 size; optional int64 last_modified_date "
                + "(TIMESTAMP_MILLIS); optional binary e_tag (UTF8); optional boolean is_multipart_uploaded; }");
        List<String> rows = new java.util.ArrayList<>();
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(new org.apache.parquet.io.LocalInputFile(file))) {
            var schema = reader.getFooter().getFileMetaData().getSchema();
            for (var pages = reader.readNextRowGroup(); pages != null; pages = reader.readNextRowGroup()) {
                var records = new org.apache.parquet.io.ColumnIOFactory().getColumnIO(schema).getRecordReader(pages,
                        new org.apache.parquet.example.data.simple.convert.GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    org.apache.parquet.example.data.Group g = records.read();
                    rows.add(g.getString("key", 0) + " " + g.getBoolean("is_latest", 0) + " " + g.getLong("size", 0)
                            + " " + g.getString("e_tag", 0) + " " + (g.getLong("last_modified_date", 0) > 0));
                }
            }
        }
        assertThat(rows).containsExactly("a b.txt true 5 827ccb0eea8a706c4c34a16891f84e7b true",
                "a b.txt false 1 c4ca4238a0b923820dcc509a6f75849b true");
    }

    @Test
    void orcReportHasS3sSchemaAndParses(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        String source = versionedSourceWithTwoVersions();
        String reports = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(reports));
        java.nio.file.Path file = dir.resolve("report.orc");
        JsonNode manifest = report(source, reports, InventoryFormat.ORC, file);
        assertThat(manifest.get("fileFormat").asString()).isEqualTo("ORC");
        assertThat(manifest.get("fileSchema").asString()).isEqualTo("struct<bucket:string,key:string,version_id:string,"
                + "is_latest:boolean,is_delete_marker:boolean,size:bigint,last_modified_date:timestamp,e_tag:string,"
                + "is_multipart_uploaded:boolean>");
        var conf = new org.apache.hadoop.conf.Configuration(false);
        var fs = new org.apache.hadoop.fs.RawLocalFileSystem(); // no Hadoop user login
        fs.initialize(java.net.URI.create("file:///"), conf);
        try (var reader = org.apache.orc.OrcFile.createReader(new org.apache.hadoop.fs.Path(file.toUri()),
                org.apache.orc.OrcFile.readerOptions(conf).filesystem(fs))) {
            assertThat(reader.getNumberOfRows()).isEqualTo(2);
            var batch = reader.getSchema().createRowBatch();
            try (var rows = reader.rows()) {
                assertThat(rows.nextBatch(batch)).isTrue();
            }
            var keys = (org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector) batch.cols[1];
            var sizes = (org.apache.hadoop.hive.ql.exec.vector.LongColumnVector) batch.cols[5];
            var latest = (org.apache.hadoop.hive.ql.exec.vector.LongColumnVector) batch.cols[3];
            assertThat(keys.toString(0)).isEqualTo("a b.txt");
            assertThat(sizes.vector[0]).isEqualTo(5);
            assertThat(latest.vector[0]).isEqualTo(1);
            assertThat(sizes.vector[1]).isEqualTo(1);
            assertThat(latest.vector[1]).isZero();
        }
    }
}
