package dev.overcast.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.*;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A crawler over CSV, JSON (gzip) and Parquet files in Hive-style partitions, put with the S3 SDK into the S3 service
 * started in this JVM: the tables, columns and partitions it creates; a re-crawl of new folders only; a schema change.
 */
class CrawlerTest {

    static GlueClient glue;
    static S3Client s3;
    static String bucket;

    @BeforeAll
    static void files() throws IOException {
        glue = GlueTestService.client();
        s3 = GlueTestService.s3();
        bucket = GlueTestService.name("crawl").replace('_', '-');
        s3.createBucket(b -> b.bucket(bucket));
        put("data/sales/year=2024/month=01/part-0.csv", "id,amount,product\n1,9.5,apple\n2,3,pear\n");
        put("data/sales/year=2024/month=02/part-0.csv", "id,amount,product\n3,1.25,fig\n4,7,kiwi\n");
        put("data/sales/_SUCCESS", "");
        put("data/clicks/dt=2024-01-01/a.json", "{\"user\":\"u1\",\"n\":3,\"tags\":[\"a\"]}\n{\"user\":\"u2\",\"n\":4,\"tags\":[]}\n");
        putBytes("data/clicks/dt=2024-01-02/b.json.gz", gzip("{\"user\":\"u3\",\"n\":5,\"score\":0.5}\n"));
        putBytes("data/orders/region=eu/o.snappy.parquet", parquet());
        put("data/tmp/ignored.csv", "a,b\nx,1\n");
    }

    static void put(String key, String body) {
        putBytes(key, body.getBytes(StandardCharsets.UTF_8));
    }

    static void putBytes(String key, byte[] body) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
    }

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static byte[] parquet() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType(
                "message order { required int64 order_id; required binary customer (UTF8); optional double total;"
                        + " optional int32 day (DATE); }");
        Path file = Files.createTempFile("orders", ".parquet");
        Files.delete(file);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
            SimpleGroupFactory f = new SimpleGroupFactory(schema);
            for (int i = 0; i < 10; i++) {
                w.write(f.newGroup().append("order_id", (long) i).append("customer", "c" + i).append("total", i * 1.5)
                        .append("day", 19000 + i));
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        return bytes;
    }

    static Crawler crawl(String name) {
        glue.startCrawler(b -> b.name(name));
        assertThatThrownBy(() -> glue.startCrawler(b -> b.name(name))).isInstanceOf(CrawlerRunningException.class);
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            Crawler c = glue.getCrawler(b -> b.name(name)).crawler();
            if (c.state() == CrawlerState.READY) {
                return c;
            }
            sleep();
        }
        throw new AssertionError("crawler " + name + " did not finish");
    }

    static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> columns(Table t) {
        return t.storageDescriptor().columns().stream().map(c -> c.name() + ":" + c.type()).toList();
    }

    static List<List<String>> partitions(String db, String table) {
        List<List<String>> out = new ArrayList<>();
        glue.getPartitions(b -> b.databaseName(db).tableName(table)).partitions().forEach(p -> out.add(p.values()));
        return out;
    }

    @Test
    void crawlCreatesTablesColumnsAndPartitionsThenNewFoldersOnly() {
        String db = GlueTestService.name("crawled");
        String name = GlueTestService.name("crawler");
        glue.createCrawler(b -> b.name(name).role("arn:aws:iam::000000000000:role/glue").databaseName(db)
                .targets(t -> t.s3Targets(S3Target.builder().path("s3://" + bucket + "/data/").exclusions("tmp/**").build())));
        Crawler done = crawl(name);
        assertThat(done.lastCrawl().status()).isEqualTo(LastCrawlStatus.SUCCEEDED);
        assertThat(glue.getTables(b -> b.databaseName(db)).tableList()).extracting(Table::name)
                .containsExactly("clicks", "orders", "sales");

        Table sales = glue.getTable(b -> b.databaseName(db).name("sales")).table();
        assertThat(columns(sales)).containsExactly("id:bigint", "amount:double", "product:string");
        assertThat(sales.partitionKeys()).extracting(Column::name).containsExactly("year", "month");
        assertThat(sales.parameters()).containsEntry("classification", "csv").containsEntry("skip.header.line.count", "1")
                .containsEntry("delimiter", ",");
        assertThat(sales.storageDescriptor().location()).isEqualTo("s3://" + bucket + "/data/sales/");
        assertThat(partitions(db, "sales")).containsExactlyInAnyOrder(List.of("2024", "01"), List.of("2024", "02"));

        Table clicks = glue.getTable(b -> b.databaseName(db).name("clicks")).table();
        assertThat(columns(clicks)).containsExactly("user:string", "n:int", "tags:array<string>", "score:double");
        assertThat(clicks.parameters()).containsEntry("classification", "json");
        assertThat(partitions(db, "clicks")).hasSize(2);

        Table orders = glue.getTable(b -> b.databaseName(db).name("orders")).table();
        assertThat(columns(orders)).containsExactly("order_id:bigint", "customer:string", "total:double", "day:date");
        assertThat(orders.parameters()).containsEntry("classification", "parquet");
        assertThat(orders.storageDescriptor().serdeInfo().serializationLibrary())
                .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");

        // new folders only: the new month becomes a partition, the table's schema is left as it was
        put("data/sales/year=2024/month=03/part-0.csv", "id,amount,product,extra\n5,2.5,plum,x\n");
        glue.updateCrawler(b -> b.name(name).recrawlPolicy(p -> p.recrawlBehavior(RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY))
                .schemaChangePolicy(p -> p.updateBehavior(UpdateBehavior.LOG).deleteBehavior(DeleteBehavior.LOG)));
        crawl(name);
        assertThat(partitions(db, "sales")).hasSize(3).contains(List.of("2024", "03"));
        assertThat(glue.getTable(b -> b.databaseName(db).name("sales")).table().versionId()).isEqualTo("1");

        // everything again with the default policy: the new column updates the table, as a new version
        glue.updateCrawler(b -> b.name(name).recrawlPolicy(p -> p.recrawlBehavior(RecrawlBehavior.CRAWL_EVERYTHING))
                .schemaChangePolicy(p -> p.updateBehavior(UpdateBehavior.UPDATE_IN_DATABASE)
                        .deleteBehavior(DeleteBehavior.DEPRECATE_IN_DATABASE)));
        crawl(name);
        Table updated = glue.getTable(b -> b.databaseName(db).name("sales")).table();
        assertThat(columns(updated)).containsExactly("id:bigint", "amount:double", "product:string", "extra:string");
        assertThat(updated.versionId()).isEqualTo("2");

        List<CrawlerHistory> crawls = glue.listCrawls(b -> b.crawlerName(name)).crawls();
        assertThat(crawls).hasSize(3).allMatch(c -> c.state() == CrawlerHistoryState.COMPLETED);
        assertThat(glue.getCrawlerMetrics(b -> b.crawlerNameList(name)).crawlerMetricsList().get(0).tablesUpdated())
                .isEqualTo(1);
    }

    @Test
    void crawlerErrorsAndSchedules() {
        String name = GlueTestService.name("crawler");
        assertThatThrownBy(() -> glue.stopCrawler(b -> b.name(name))).isInstanceOf(EntityNotFoundException.class);
        glue.createCrawler(b -> b.name(name).role("r").databaseName("x").schedule("cron(15 12 * * ? *)")
                .targets(t -> t.s3Targets(S3Target.builder().path("s3://" + bucket + "/data/sales/").build())));
        assertThatThrownBy(() -> glue.createCrawler(b -> b.name(name).role("r").targets(t -> t.s3Targets(
                S3Target.builder().path("s3://x/").build())))).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> glue.stopCrawler(b -> b.name(name))).isInstanceOf(CrawlerNotRunningException.class);
        assertThat(glue.getCrawler(b -> b.name(name)).crawler().schedule().state()).isEqualTo(ScheduleState.SCHEDULED);
        assertThatThrownBy(() -> glue.updateCrawlerSchedule(b -> b.crawlerName(name).schedule("cron(99 * * * ? *)")))
                .isInstanceOf(InvalidInputException.class);
        glue.stopCrawlerSchedule(b -> b.crawlerName(name));
        assertThat(glue.getCrawler(b -> b.name(name)).crawler().schedule().state()).isEqualTo(ScheduleState.NOT_SCHEDULED);
        assertThat(glue.batchGetCrawlers(b -> b.crawlerNames(name, "missing")).crawlersNotFound()).containsExactly("missing");
        glue.deleteCrawler(b -> b.name(name));
        assertThat(glue.listCrawlers(b -> b.maxResults(1000)).crawlerNames()).doesNotContain(name);
    }

    @Test
    void customCsvClassifierIsApplied() {
        put("custom/t/f.txt", "a;b;c\nx;y;z\n");
        String db = GlueTestService.name("custom");
        String classifier = GlueTestService.name("semicolons");
        glue.createClassifier(b -> b.csvClassifier(c -> c.name(classifier).delimiter(";")
                .containsHeader(CsvHeaderOption.ABSENT).header("first", "second", "third")));
        String name = GlueTestService.name("crawler");
        glue.createCrawler(b -> b.name(name).role("r").databaseName(db).classifiers(classifier)
                .targets(t -> t.s3Targets(S3Target.builder().path("s3://" + bucket + "/custom/").build())));
        crawl(name);
        Table t = glue.getTable(b -> b.databaseName(db).name("t")).table();
        assertThat(columns(t)).containsExactly("first:string", "second:string", "third:string");
        assertThat(glue.getClassifier(b -> b.name(classifier)).classifier().csvClassifier().delimiter()).isEqualTo(";");
    }

    @Test
    void dynamoDbTargetIsScannedThroughTheDynamoDbApi() {
        var dynamodb = GlueTestService.dynamodb();
        String source = GlueTestService.name("Orders");
        dynamodb.createTable(b -> b.tableName(source).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")));
        dynamodb.putItem(b -> b.tableName(source).item(java.util.Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("a"),
                "qty", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("3"),
                "tags", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(List.of("x", "y")))));
        dynamodb.putItem(b -> b.tableName(source).item(java.util.Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("b"),
                "price", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("2.5"))));
        String db = GlueTestService.name("ddb");
        String name = GlueTestService.name("crawler");
        glue.createCrawler(b -> b.name(name).role("r").databaseName(db)
                .targets(t -> t.dynamoDBTargets(DynamoDBTarget.builder().path(source).build())));
        Crawler done = crawl(name);
        assertThat(done.lastCrawl().status()).as(done.lastCrawl().errorMessage()).isEqualTo(LastCrawlStatus.SUCCEEDED);
        Table t = glue.getTable(b -> b.databaseName(db).name(source.toLowerCase())).table();
        assertThat(columns(t)).containsExactlyInAnyOrder("pk:string", "qty:bigint", "tags:array<string>", "price:double");
        assertThat(t.parameters()).containsEntry("classification", "dynamodb").containsEntry("hashKey", "pk");
    }

    @Test
    void jdbcTargetReadsAPostgreSqlSchemaThroughAConnection() throws Exception {
        String schema = GlueTestService.name("shop");
        String url = dev.overcast.common.testing.TestDatabase.server().jdbcUrl(null);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement st = c.createStatement()) {
            st.execute("create schema " + schema);
            st.execute("create table " + schema + ".customers (id bigint primary key, name text, balance numeric(10,2),"
                    + " active boolean, joined date)");
        }
        String connection = GlueTestService.name("pg");
        glue.createConnection(b -> b.connectionInput(i -> i.name(connection).connectionType(ConnectionType.JDBC)
                .connectionPropertiesWithStrings(java.util.Map.of("JDBC_CONNECTION_URL", url, "USERNAME", "postgres"))));
        String db = GlueTestService.name("jdbc");
        String name = GlueTestService.name("crawler");
        glue.createCrawler(b -> b.name(name).role("r").databaseName(db).targets(t -> t.jdbcTargets(
                JdbcTarget.builder().connectionName(connection).path("postgres/" + schema + "/%").build())));
        Crawler done = crawl(name);
        assertThat(done.lastCrawl().status()).as(done.lastCrawl().errorMessage()).isEqualTo(LastCrawlStatus.SUCCEEDED);
        Table t = glue.getTable(b -> b.databaseName(db).name("postgres_" + schema + "_customers")).table();
        assertThat(columns(t)).containsExactly("id:bigint", "name:string", "balance:decimal(10,2)", "active:boolean",
                "joined:date");
        assertThat(t.parameters()).containsEntry("classification", "postgresql").containsEntry("connectionName", connection);
    }
}
