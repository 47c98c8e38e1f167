package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.n;
import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Exports to S3 and imports from S3, through the SDK, with the suite's S3 service: an export re-imported into a new
 * table gives the same items (DYNAMODB_JSON and ION), an incremental export holds the period's changes, CSV with
 * ZSTD, the error log, and the errors DynamoDB answers.
 */
class ExportImportTest {

    private static DynamoDbClient ddb;
    private static S3Client s3;
    private static String bucket;

    @BeforeAll
    static void start() {
        ddb = DynamoDbTestService.client();
        s3 = DynamoDbTestService.s3();
        bucket = "exports-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
    }

    /** A table (pk S, sk N, a GSI on g) with PITR on and items of every type. */
    private static String tableWithItems(List<Map<String, AttributeValue>> items) {
        String name = DynamoDbTestService.tableName();
        ddb.createTable(creation(name));
        ddb.updateContinuousBackups(b -> b.tableName(name).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        for (int i = 0; i < 7; i++) {
            Map<String, AttributeValue> item = new HashMap<>(Map.of("pk", s("p" + (i % 3)), "sk", n(Integer.toString(i)),
                    "g", s("g" + (i % 2)), "num", n("12.50"), "bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, (byte) i})),
                    "set", AttributeValue.fromSs(List.of("a", "b")), "nums", AttributeValue.fromNs(List.of("1", "2.5")),
                    "map", AttributeValue.fromM(Map.of("x", AttributeValue.fromL(List.of(s("y"), AttributeValue.fromBool(true),
                            AttributeValue.fromNul(true))))),
                    "bins", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("q")))));
            ddb.putItem(b -> b.tableName(name).item(item));
            items.add(item);
        }
        return name;
    }

    private static CreateTableRequest creation(String name) {
        return CreateTableRequest.builder().tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N), attr("g", ScalarAttributeType.S))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG").keySchema(key("g", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()).build();
    }

    private static TableCreationParameters parameters(String name) {
        CreateTableRequest c = creation(name);
        return TableCreationParameters.builder().tableName(name).billingMode(c.billingMode())
                .attributeDefinitions(c.attributeDefinitions()).keySchema(c.keySchema())
                .globalSecondaryIndexes(c.globalSecondaryIndexes()).build();
    }

    private static AttributeDefinition attr(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static <T> T await(Supplier<T> read, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            value = read.get();
        }
        return value;
    }

    private static ExportDescription awaitExport(String arn) throws InterruptedException {
        return await(() -> ddb.describeExport(b -> b.exportArn(arn)).exportDescription(),
                d -> d.exportStatus() != ExportStatus.IN_PROGRESS);
    }

    private static ImportTableDescription awaitImport(String arn) throws InterruptedException {
        return await(() -> ddb.describeImport(b -> b.importArn(arn)).importTableDescription(),
                d -> d.importStatus() != ImportStatus.IN_PROGRESS);
    }

    private static List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(ddb.scan(b -> b.tableName(table)).items());
        items.sort(Comparator.comparing((Map<String, AttributeValue> m) -> m.get("pk").s()).thenComparing(m -> Integer.parseInt(m.get("sk").n())));
        return items;
    }

    private static String text(String key) throws IOException {
        return new String(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray(), StandardCharsets.UTF_8);
    }

    private static String gunzip(String key) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void fullExportsInBothFormatsReimportIntoNewTablesWithTheSameItems() throws Exception {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        String table = tableWithItems(items);
        String tableArn = ddb.describeTable(b -> b.tableName(table)).table().tableArn();
        List<Map<String, AttributeValue>> original = scan(table);
        assertThat(original).hasSize(7);

        for (ExportFormat format : List.of(ExportFormat.DYNAMODB_JSON, ExportFormat.ION)) {
            ExportDescription started = ddb.exportTableToPointInTime(b -> b.tableArn(tableArn).s3Bucket(bucket)
                    .s3Prefix("full/" + format).exportFormat(format)).exportDescription();
            assertThat(started.exportStatus()).isEqualTo(ExportStatus.IN_PROGRESS);
            assertThat(started.exportArn()).startsWith(tableArn + "/export/");
            ExportDescription done = awaitExport(started.exportArn());
            assertThat(done.exportStatus()).as(done.failureMessage()).isEqualTo(ExportStatus.COMPLETED);
            assertThat(done.itemCount()).isEqualTo(7);
            assertThat(done.exportType()).isEqualTo(ExportType.FULL_EXPORT);

            // AWS's layout: _started, manifest-summary.json (+ .md5), manifest-files.json (a line per data file)
            String id = started.exportArn().substring(started.exportArn().lastIndexOf('/') + 1);
            String base = "full/" + format + "/AWSDynamoDB/" + id + "/";
            assertThat(done.exportManifest()).isEqualTo(base + "manifest-summary.json");
            assertThat(s3.headObject(b -> b.bucket(bucket).key(base + "_started")).contentLength()).isZero();
            assertThat(text(base + "manifest-summary.json")).contains("\"itemCount\":7", "\"outputFormat\":\"" + format + "\"",
                    "\"manifestFilesS3Key\":\"" + base + "manifest-files.json\"");
            assertThat(text(base + "manifest-summary.md5")).isNotBlank();
            String[] manifest = text(base + "manifest-files.json").split("\n");
            assertThat(manifest).hasSize(3); // three items a file in the tests
            String firstFile = manifest[0].replaceAll(".*\"dataFileS3Key\":\"([^\"]+)\".*", "$1");
            assertThat(firstFile).startsWith(base + "data/").endsWith(format == ExportFormat.ION ? ".ion.gz" : ".json.gz");
            String lines = gunzip(firstFile);
            assertThat(lines).startsWith(format == ExportFormat.ION ? "$ion_1_0\n{Item:{" : "{\"Item\":{");

            String target = table + "-" + format.toString().toLowerCase().replace("_", "");
            ImportTableDescription imported = ddb.importTable(b -> b.s3BucketSource(s -> s.s3Bucket(bucket).s3KeyPrefix(base + "data/"))
                    .inputFormat(format == ExportFormat.ION ? InputFormat.ION : InputFormat.DYNAMODB_JSON)
                    .inputCompressionType(InputCompressionType.GZIP)
                    .tableCreationParameters(parameters(target))).importTableDescription();
            assertThat(imported.importStatus()).isEqualTo(ImportStatus.IN_PROGRESS);
            ImportTableDescription finished = awaitImport(imported.importArn());
            assertThat(finished.importStatus()).as(finished.failureMessage()).isEqualTo(ImportStatus.COMPLETED);
            assertThat(finished.importedItemCount()).isEqualTo(7);
            assertThat(finished.processedItemCount()).isEqualTo(7);
            assertThat(finished.errorCount()).isZero();
            assertThat(finished.processedSizeBytes()).isPositive();

            TableDescription t = ddb.describeTable(b -> b.tableName(target)).table();
            assertThat(t.tableStatus()).isEqualTo(TableStatus.ACTIVE);
            assertThat(t.globalSecondaryIndexes().get(0).indexStatus()).isEqualTo(IndexStatus.ACTIVE);
            assertThat(scan(target)).isEqualTo(original);
            assertThat(ddb.query(b -> b.tableName(target).indexName("byG").keyConditionExpression("g = :g")
                    .expressionAttributeValues(Map.of(":g", s("g0")))).count()).isEqualTo(4);
        }
        assertThat(ddb.listExports(b -> b.tableArn(tableArn)).exportSummaries()).hasSize(2)
                .allSatisfy(x -> assertThat(x.exportStatus()).isEqualTo(ExportStatus.COMPLETED));
        List<ImportSummary> imports = ddb.listImports(b -> b.pageSize(25)).importSummaryList();
        assertThat(imports).extracting(ImportSummary::importStatus).contains(ImportStatus.COMPLETED);
    }

    @Test
    void anIncrementalExportHoldsThePeriodsChangesWithOldAndNewImages() throws Exception {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        String table = tableWithItems(items);
        String tableArn = ddb.describeTable(b -> b.tableName(table)).table().tableArn();
        Thread.sleep(50);
        Instant from = Instant.now();
        ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("p0"), "sk", n("0"))).updateExpression("SET num = :n")
                .expressionAttributeValues(Map.of(":n", n("99"))));
        ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("p1"), "sk", n("1"))));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("new"), "sk", n("100"), "g", s("g9"))));
        Thread.sleep(50);
        Instant to = Instant.now();
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("after"), "sk", n("1"))));

        ExportDescription d = awaitExport(ddb.exportTableToPointInTime(b -> b.tableArn(tableArn).s3Bucket(bucket)
                .s3Prefix("incremental").exportType(ExportType.INCREMENTAL_EXPORT)
                .incrementalExportSpecification(i -> i.exportFromTime(from).exportToTime(to))).exportDescription().exportArn());
        assertThat(d.exportStatus()).as(d.failureMessage()).isEqualTo(ExportStatus.COMPLETED);
        assertThat(d.itemCount()).isEqualTo(3);
        assertThat(d.incrementalExportSpecification().exportViewType()).isEqualTo(ExportViewType.NEW_AND_OLD_IMAGES);
        String base = d.exportManifest().replace("manifest-summary.json", "");
        assertThat(text(base + "manifest-summary.json")).contains("\"version\":\"2023-08-01\"", "\"exportType\":\"INCREMENTAL_EXPORT\"");
        StringBuilder all = new StringBuilder();
        for (String line : text(base + "manifest-files.json").split("\n")) {
            all.append(gunzip(line.replaceAll(".*\"dataFileS3Key\":\"([^\"]+)\".*", "$1")));
        }
        String lines = all.toString();
        assertThat(lines.split("\n")).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("{\"Metadata\":{\"WriteTimestampMicros\":{\"N\":\""));
        assertThat(lines).contains("\"Keys\":{\"pk\":{\"S\":\"p0\"},\"sk\":{\"N\":\"0\"}}")
                .contains("\"num\":{\"N\":\"99\"}").contains("\"num\":{\"N\":\"12.5\"}")
                .contains("\"Keys\":{\"pk\":{\"S\":\"new\"},\"sk\":{\"N\":\"100\"}},\"NewImage\"")
                .doesNotContain("after");
        // the deleted item: its old image and no new one
        assertThat(lines.lines().filter(l -> l.contains("\"Keys\":{\"pk\":{\"S\":\"p1\"},\"sk\":{\"N\":\"1\"}}")).findFirst().orElseThrow())
                .contains("\"OldImage\"").doesNotContain("\"NewImage\"");
    }

    @Test
    void csvWithZstdAndAHeaderListImportsTypedKeysAndLogsItsErrors() throws Exception {
        String csv = "a;1;g1;hello\nb;2;g1;\nc;notanumber;g2;x\nd;4;g2;world\n";
        s3.putObject(b -> b.bucket(bucket).key("csv/part-1.csv.zst"), RequestBody.fromBytes(Zstd.compress(csv.getBytes(StandardCharsets.UTF_8))));
        String target = DynamoDbTestService.tableName();
        ImportTableDescription d = awaitImport(ddb.importTable(b -> b.s3BucketSource(s -> s.s3Bucket(bucket).s3KeyPrefix("csv/"))
                .inputFormat(InputFormat.CSV).inputCompressionType(InputCompressionType.ZSTD)
                .inputFormatOptions(o -> o.csv(c -> c.delimiter(";").headerList("pk", "sk", "g", "text")))
                .tableCreationParameters(parameters(target))).importTableDescription().importArn());
        assertThat(d.importStatus()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(d.importedItemCount()).isEqualTo(3);
        assertThat(d.errorCount()).isEqualTo(1);
        assertThat(d.cloudWatchLogGroupArn()).isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:/aws-dynamodb/imports:*");
        assertThat(scan(target)).containsExactly(
                Map.of("pk", s("a"), "sk", n("1"), "g", s("g1"), "text", s("hello")),
                Map.of("pk", s("b"), "sk", n("2"), "g", s("g1")),
                Map.of("pk", s("d"), "sk", n("4"), "g", s("g2"), "text", s("world")));
        String id = d.importArn().substring(d.importArn().lastIndexOf('/') + 1);
        assertThat(text("AWSDynamoDBImportErrors/" + id + "/errors.log")).contains("csv/part-1.csv.zst");
    }

    @Test
    void errorsAsDynamoDbAnswersThem() throws Exception {
        String plain = DynamoDbTestService.createTable(ddb, null);
        String plainArn = ddb.describeTable(b -> b.tableName(plain)).table().tableArn();
        assertThatThrownBy(() -> ddb.exportTableToPointInTime(b -> b.tableArn(plainArn).s3Bucket(bucket)))
                .isInstanceOf(PointInTimeRecoveryUnavailableException.class);
        assertThatThrownBy(() -> ddb.exportTableToPointInTime(b -> b.tableArn(plainArn + "x").s3Bucket(bucket)))
                .isInstanceOf(TableNotFoundException.class);
        assertThatThrownBy(() -> ddb.describeExport(b -> b.exportArn(plainArn + "/export/01700000000000-00000000")))
                .isInstanceOf(ExportNotFoundException.class);
        assertThatThrownBy(() -> ddb.describeImport(b -> b.importArn(plainArn + "/import/01700000000000-00000000")))
                .isInstanceOf(ImportNotFoundException.class);
        assertThatThrownBy(() -> ddb.importTable(b -> b.s3BucketSource(s -> s.s3Bucket(bucket))
                .inputFormat(InputFormat.DYNAMODB_JSON).tableCreationParameters(parameters(plain))))
                .isInstanceOf(ResourceInUseException.class);

        // an export to a bucket that does not exist fails with S3's error as its failure code
        ddb.updateContinuousBackups(b -> b.tableName(plain).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        ExportDescription failed = awaitExport(ddb.exportTableToPointInTime(b -> b.tableArn(plainArn).s3Bucket("no-such-bucket-here"))
                .exportDescription().exportArn());
        assertThat(failed.exportStatus()).isEqualTo(ExportStatus.FAILED);
        assertThat(failed.failureCode()).isEqualTo("S3NoSuchBucket");

        // an import from one fails, and its table is gone
        String target = DynamoDbTestService.tableName();
        ImportTableDescription d = awaitImport(ddb.importTable(b -> b.s3BucketSource(s -> s.s3Bucket("no-such-bucket-here"))
                .inputFormat(InputFormat.DYNAMODB_JSON).tableCreationParameters(parameters(target))).importTableDescription().importArn());
        assertThat(d.importStatus()).isEqualTo(ImportStatus.FAILED);
        assertThat(d.failureCode()).isEqualTo("S3NoSuchBucket");
        assertThatThrownBy(() -> ddb.describeTable(b -> b.tableName(target))).isInstanceOf(ResourceNotFoundException.class);

        // the same client token with other parameters
        String token = UUID.randomUUID().toString();
        String other = DynamoDbTestService.tableName();
        ddb.importTable(b -> b.clientToken(token).s3BucketSource(s -> s.s3Bucket(bucket).s3KeyPrefix("none/"))
                .inputFormat(InputFormat.DYNAMODB_JSON).tableCreationParameters(parameters(other)));
        assertThatThrownBy(() -> ddb.importTable(b -> b.clientToken(token).s3BucketSource(s -> s.s3Bucket(bucket).s3KeyPrefix("other/"))
                .inputFormat(InputFormat.DYNAMODB_JSON).tableCreationParameters(parameters(other))))
                .isInstanceOf(IdempotentParameterMismatchException.class);
    }
}
