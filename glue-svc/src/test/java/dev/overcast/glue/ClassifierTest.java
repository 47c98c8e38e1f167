package dev.overcast.glue;

import static dev.overcast.glue.CrawlerTest.columns;
import static dev.overcast.glue.CrawlerTest.crawl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DoubleColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.LongColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.CompressionKind;
import org.apache.orc.OrcFile;
import org.apache.orc.TypeDescription;
import org.apache.orc.Writer;
import org.apache.orc.impl.PhysicalFsWriter;
import org.apache.orc.impl.writer.WriterEncryptionVariant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.*;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Crawls classified by ORC footers and by custom grok, JSON path, CSV and XML classifiers, the files put with the S3
 * SDK into the S3 service started in this JVM.
 */
class ClassifierTest {

    static GlueClient glue;
    static S3Client s3;
    static String bucket;

    @BeforeAll
    static void start() {
        glue = GlueTestService.client();
        s3 = GlueTestService.s3();
        if (CrawlerTest.glue == null) {
            CrawlerTest.glue = glue;
        }
        bucket = GlueTestService.name("classify").replace('_', '-');
        s3.createBucket(b -> b.bucket(bucket));
    }

    static void put(String key, byte[] body) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
    }

    static void put(String key, String body) {
        put(key, body.getBytes(StandardCharsets.UTF_8));
    }

    static String crawler(String db, String prefix, String... classifiers) {
        String name = GlueTestService.name("crawler");
        glue.createCrawler(b -> b.name(name).role("r").databaseName(db).classifiers(classifiers)
                .targets(t -> t.s3Targets(S3Target.builder().path("s3://" + bucket + "/" + prefix).build())));
        Crawler done = crawl(name);
        assertThat(done.lastCrawl().status()).as(done.lastCrawl().errorMessage()).isEqualTo(LastCrawlStatus.SUCCEEDED);
        return name;
    }

    static byte[] orc(CompressionKind compression, int from) throws IOException {
        TypeDescription schema = TypeDescription.fromString(
                "struct<event_id:bigint,name:string,price:decimal(10,2),score:double,tags:array<string>,"
                        + "attrs:map<string,int>,at:timestamp,day:date,flag:boolean,code:varchar(8)>");
        Path file = Files.createTempFile("events", ".orc");
        OrcFile.WriterOptions options = OrcFile.writerOptions(new Configuration(false)).setSchema(schema)
                .compress(compression).useUTCTimestamp(true).fileSystem(new RawLocalFileSystem());
        options.physicalWriter(new PhysicalFsWriter(new FSDataOutputStream(Files.newOutputStream(file), null), options,
                new WriterEncryptionVariant[0]));
        try (Writer w = OrcFile.createWriter(new org.apache.hadoop.fs.Path(file.getFileName().toString()), options)) {
            VectorizedRowBatch batch = schema.createRowBatch();
            for (int i = 0; i < 5; i++) {
                int row = batch.size++;
                ((LongColumnVector) batch.cols[0]).vector[row] = from + i;
                ((BytesColumnVector) batch.cols[1]).setVal(row, ("e" + i).getBytes(StandardCharsets.UTF_8));
                ((DoubleColumnVector) batch.cols[3]).vector[row] = i / 2.0;
                for (int c : new int[] {2, 4, 5, 6, 7, 9}) {
                    batch.cols[c].noNulls = false;
                    batch.cols[c].isNull[row] = true;
                }
                ((LongColumnVector) batch.cols[8]).vector[row] = i % 2;
            }
            w.addRowBatch(batch);
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        return bytes;
    }

    @Test
    void orcFilesAreClassifiedFromTheirFooterWithPartitions() throws IOException {
        put("orc/events/year=2024/month=01/part-0.zstd.orc", orc(CompressionKind.ZSTD, 0));
        put("orc/events/year=2024/month=02/part-0.zlib.orc", orc(CompressionKind.ZLIB, 10));
        put("orc/events/year=2025/month=01/part-0.snappy.orc", orc(CompressionKind.SNAPPY, 20));
        put("orc/events/year=2025/month=02/part-0.orc", orc(CompressionKind.NONE, 30));
        String db = GlueTestService.name("orc");
        crawler(db, "orc/");
        Table t = glue.getTable(b -> b.databaseName(db).name("events")).table();
        assertThat(columns(t)).containsExactly("event_id:bigint", "name:string", "price:decimal(10,2)", "score:double",
                "tags:array<string>", "attrs:map<string,int>", "at:timestamp", "day:date", "flag:boolean",
                "code:varchar(8)");
        assertThat(t.parameters()).containsEntry("classification", "orc");
        assertThat(t.partitionKeys()).extracting(Column::name).containsExactly("year", "month");
        StorageDescriptor sd = t.storageDescriptor();
        assertThat(sd.inputFormat()).isEqualTo("org.apache.hadoop.hive.ql.io.orc.OrcInputFormat");
        assertThat(sd.outputFormat()).isEqualTo("org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat");
        assertThat(sd.serdeInfo().serializationLibrary()).isEqualTo("org.apache.hadoop.hive.ql.io.orc.OrcSerde");
        assertThat(CrawlerTest.partitions(db, "events")).containsExactlyInAnyOrder(List.of("2024", "01"),
                List.of("2024", "02"), List.of("2025", "01"), List.of("2025", "02"));
        Partition p = glue.getPartition(b -> b.databaseName(db).tableName("events").partitionValues("2025", "01"))
                .partition();
        assertThat(p.storageDescriptor().location()).isEqualTo("s3://" + bucket + "/orc/events/year=2025/month=01/");
        assertThat(p.storageDescriptor().serdeInfo().serializationLibrary())
                .isEqualTo("org.apache.hadoop.hive.ql.io.orc.OrcSerde");
    }

    @Test
    void grokClassifierTypesNamedCapturesWithBuiltInAndCustomPatterns() {
        put("logs/app/dt=2024-01-01/app.log", """
                2024-01-01T10:00:00Z [INFO] 200 0.25 started worker-1
                2024-01-01T10:00:01Z [WARN] 503 1.5 queue is full
                """);
        put("logs/app/dt=2024-01-02/app.log", "2024-01-02T08:30:00Z [ERROR] 500 12 failed: disk\n");
        put("logs/web/access.log", """
                127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08"
                10.0.0.2 - - [10/Oct/2000:13:56:01 -0700] "POST /login HTTP/1.1" 302 - "-" "curl/8.0"
                """);
        put("logs/other/data.csv", "a,b\nx,1\ny,2\n");
        String app = GlueTestService.name("applog");
        glue.createClassifier(b -> b.grokClassifier(g -> g.name(app).classification("applog")
                .grokPattern("%{TIMESTAMP_ISO8601:ts} \\[%{LEVEL:level}\\] %{INT:status:int} %{NUMBER:took:double}"
                        + " %{GREEDYDATA:message}")
                .customPatterns("LEVEL (?:INFO|WARN|ERROR)")));
        String web = GlueTestService.name("weblog");
        glue.createClassifier(b -> b.grokClassifier(g -> g.name(web).classification("combinedapache")
                .grokPattern("%{COMBINEDAPACHELOG}")));
        String db = GlueTestService.name("grok");
        crawler(db, "logs/", app, web);

        Table t = glue.getTable(b -> b.databaseName(db).name("app")).table();
        assertThat(columns(t)).containsExactly("ts:string", "level:string", "status:int", "took:double", "message:string");
        assertThat(t.parameters()).containsEntry("classification", "applog");
        assertThat(t.partitionKeys()).extracting(Column::name).containsExactly("dt");
        assertThat(CrawlerTest.partitions(db, "app")).hasSize(2);
        SerDeInfo serde = t.storageDescriptor().serdeInfo();
        assertThat(serde.serializationLibrary()).isEqualTo("com.amazonaws.glue.serde.GrokSerDe");
        assertThat(serde.parameters()).containsEntry("input.format", glue.getClassifier(b -> b.name(app)).classifier()
                .grokClassifier().grokPattern()).containsEntry("input.grokCustomPatterns", "LEVEL (?:INFO|WARN|ERROR)");

        Table access = glue.getTable(b -> b.databaseName(db).name("web")).table();
        assertThat(columns(access)).containsExactly("clientip:string", "ident:string", "auth:string", "timestamp:string",
                "verb:string", "request:string", "httpversion:string", "rawrequest:string", "response:string",
                "bytes:string", "referrer:string", "agent:string");
        assertThat(access.parameters()).containsEntry("classification", "combinedapache");

        // lines neither pattern matches fall through to the built-in classifiers
        Table other = glue.getTable(b -> b.databaseName(db).name("other")).table();
        assertThat(other.parameters()).containsEntry("classification", "csv");
    }

    @Test
    void jsonPathAndXmlClassifiersClassifyTheirRecords() {
        put("docs/orders/o1.json", "{\"meta\":{\"n\":2},\"records\":[{\"id\":1,\"sku\":\"a\"},{\"id\":2,\"qty\":3.5}]}");
        put("docs/books/b1.xml", """
                <?xml version="1.0"?>
                <catalog>
                  <book id="bk101" year="2001"><title>XML Guide</title><price>44.95</price><author><first>Ann</first></author>
                    <tag>a</tag><tag>b</tag></book>
                  <book id="bk102" year="2003"><title>Midnight</title><price>5</price></book>
                </catalog>
                """);
        String json = GlueTestService.name("records");
        glue.createClassifier(b -> b.jsonClassifier(j -> j.name(json).jsonPath("$.records[*]")));
        String xml = GlueTestService.name("books");
        glue.createClassifier(b -> b.xmlClassifier(x -> x.name(xml).classification("xml").rowTag("book")));
        String db = GlueTestService.name("docs");
        crawler(db, "docs/", json, xml);

        Table orders = glue.getTable(b -> b.databaseName(db).name("orders")).table();
        assertThat(columns(orders)).containsExactly("id:int", "sku:string", "qty:double");
        assertThat(orders.parameters()).containsEntry("classification", "json").containsEntry("jsonPath", "$.records[*]");

        Table books = glue.getTable(b -> b.databaseName(db).name("books")).table();
        assertThat(columns(books)).containsExactly("id:string", "year:bigint", "title:string", "price:double",
                "author:struct<first:string>", "tag:array<string>");
        assertThat(books.parameters()).containsEntry("classification", "xml").containsEntry("rowTag", "book");
        assertThat(books.storageDescriptor().serdeInfo().serializationLibrary())
                .isEqualTo("com.ibm.spss.hive.serde2.xml.XmlSerDe");
    }
}
