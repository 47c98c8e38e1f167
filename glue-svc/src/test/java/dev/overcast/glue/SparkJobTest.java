package dev.overcast.glue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.engine.EngineDistribution;
import dev.overcast.glue.job.JobExecutor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.*;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * glueetl jobs on Spark: a Java job jar, built here against our GlueContext/DynamicFrame API, reads two catalog tables
 * (CSV and JSON in S3), joins them, writes Snappy Parquet partitioned by region and updates the catalog; a second run
 * with job bookmarks reads only the new file. The Spark child JVM starts once per run.
 */
class SparkJobTest {

    static final String JOB = """
            import com.amazonaws.services.glue.DataSink;
            import com.amazonaws.services.glue.DynamicFrame;
            import com.amazonaws.services.glue.GlueContext;
            import com.amazonaws.services.glue.util.GlueArgParser;
            import com.amazonaws.services.glue.util.Job;
            import com.amazonaws.services.glue.util.JsonOptions;
            import java.util.List;
            import java.util.Map;
            import org.apache.spark.SparkContext;

            public class SalesJob {
                public static void main(String[] sysArgs) {
                    GlueContext glueContext = new GlueContext(new SparkContext());
                    scala.collection.immutable.Map<String, String> args = GlueArgParser.getResolvedOptions(sysArgs,
                            new String[]{"JOB_NAME", "database", "output"});
                    Job.init(args.apply("JOB_NAME"), glueContext, scala.jdk.javaapi.CollectionConverters.asJava(args));
                    String db = args.apply("database");
                    DynamicFrame orders = glueContext.getCatalogSource(db, "orders", "", "orders_source").getDynamicFrame()
                            .applyMapping(List.of(new String[]{"order_id", "bigint", "order_id", "bigint"},
                                    new String[]{"customer_id", "bigint", "customer_id", "bigint"},
                                    new String[]{"amount", "double", "amount", "double"}));
                    DynamicFrame customers = glueContext.getCatalogSource(db, "customers").getDynamicFrame();
                    DynamicFrame sales = orders.join(List.of("customer_id"), List.of("customer_id"), customers);
                    System.out.println("joined rows: " + sales.count());
                    DataSink sink = glueContext.getSinkWithFormat("s3", new JsonOptions(Map.of("path", args.apply("output"),
                            "partitionKeys", List.of("region"), "enableUpdateCatalog", true,
                            "updateBehavior", "UPDATE_IN_DATABASE")), "sales_sink", "glueparquet");
                    sink.setCatalogInfo(db, "sales");
                    sink.writeDynamicFrame(sales);
                    Job.commit();
                }
            }
            """;

    static final String SLEEPER = """
            public class Sleeper {
                public static void main(String[] args) throws Exception {
                    System.out.println("sleeping");
                    Thread.sleep(600_000);
                }
            }
            """;

    static GlueClient glue;
    static S3Client s3;
    static String bucket;
    static String db;
    static String jar;

    @BeforeAll
    static void data(@TempDir Path dir) throws IOException {
        glue = GlueTestService.client();
        s3 = GlueTestService.s3();
        bucket = GlueTestService.name("etl").replace('_', '-');
        db = GlueTestService.name("etl");
        s3.createBucket(b -> b.bucket(bucket));
        put("customers/customers.csv", "customer_id,name,region\n1,Ada,eu\n2,Bob,us\n3,Chen,apac\n4,Dee,eu\n");
        put("orders/part1.json", """
                {"order_id": 10, "customer_id": 1, "amount": 12.5}
                {"order_id": 11, "customer_id": 2, "amount": 7.25}
                {"order_id": 12, "customer_id": 4, "amount": 3.0}
                """);
        glue.createDatabase(b -> b.databaseInput(d -> d.name(db)));
        glue.createTable(b -> b.databaseName(db).tableInput(t -> t.name("customers").tableType("EXTERNAL_TABLE")
                .parameters(Map.of("classification", "csv", "skip.header.line.count", "1"))
                .storageDescriptor(sd -> sd.location("s3://" + bucket + "/customers/")
                        .columns(column("customer_id", "bigint"), column("name", "string"), column("region", "string"))
                        .serdeInfo(se -> se.serializationLibrary("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe")
                                .parameters(Map.of("field.delim", ","))))));
        glue.createTable(b -> b.databaseName(db).tableInput(t -> t.name("orders").tableType("EXTERNAL_TABLE")
                .parameters(Map.of("classification", "json"))
                .storageDescriptor(sd -> sd.location("s3://" + bucket + "/orders/")
                        .columns(column("order_id", "bigint"), column("customer_id", "bigint"), column("amount", "double"))
                        .serdeInfo(se -> se.serializationLibrary("org.openx.data.jsonserde.JsonSerDe")))));
        Path jarFile = buildJar(dir, Map.of("SalesJob", JOB, "Sleeper", SLEEPER));
        s3.putObject(b -> b.bucket(bucket).key("jobs/sales.jar"), jarFile);
        jar = "s3://" + bucket + "/jobs/sales.jar";
    }

    static Column column(String name, String type) {
        return Column.builder().name(name).type(type).build();
    }

    static void put(String key, String body) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body));
    }

    /** Compiles the job's sources against Spark's jars and our runner (the engine's folder) into a jar. */
    static Path buildJar(Path dir, Map<String, String> sources) throws IOException {
        String work = GlueTestService.bean(Environment.class).getRequiredProperty("overcast.glue.work-dir");
        EngineDistribution spark = EngineDistribution.locate("spark", Path.of(work, "engines"));
        List<String> classPath = new ArrayList<>();
        try (var jars = Files.newDirectoryStream(spark.directory(), "*.jar")) {
            jars.forEach(j -> classPath.add(j.toString()));
        }
        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", String.join(java.io.File.pathSeparator, classPath),
                "--release", "17", "-proc:none"));
        for (var e : sources.entrySet()) {
            Path file = src.resolve(e.getKey() + ".java");
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("the job compiles").isZero();
        Path jarFile = dir.resolve("job.jar");
        try (OutputStream out = Files.newOutputStream(jarFile); JarOutputStream jarOut = new JarOutputStream(out);
             var files = Files.list(classes)) {
            for (Path f : files.toList()) {
                jarOut.putNextEntry(new JarEntry(f.getFileName().toString()));
                jarOut.write(Files.readAllBytes(f));
                jarOut.closeEntry();
            }
        }
        return jarFile;
    }

    static String job(String mainClass) {
        String name = GlueTestService.name("sparkjob");
        glue.createJob(b -> b.name(name).role("arn:aws:iam::000000000000:role/glue").glueVersion("5.0")
                .command(c -> c.name("glueetl").scriptLocation(jar))
                .defaultArguments(Map.of("--class", mainClass, "--database", db, "--output", "s3://" + bucket + "/sales/",
                        "--job-bookmark-option", "job-bookmark-enable"))
                .executionProperty(e -> e.maxConcurrentRuns(1)));
        return name;
    }

    static JobRun await(String job, String runId) {
        long deadline = System.currentTimeMillis() + 20 * 60_000;
        while (System.currentTimeMillis() < deadline) {
            JobRun run = glue.getJobRun(b -> b.jobName(job).runId(runId)).jobRun();
            if (run.jobRunState() == JobRunState.SUCCEEDED || run.jobRunState() == JobRunState.FAILED
                    || run.jobRunState() == JobRunState.STOPPED || run.jobRunState() == JobRunState.TIMEOUT) {
                return run;
            }
            sleep(500);
        }
        throw new AssertionError("run " + runId + " did not end");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String log(String runId) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(GlueTestService.endpoint()
                + "/_overcast/glue/runs/" + runId + "/log")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Every row of the Parquet files under sales/: "region/order_id/name/amount", with each file's codec checked. */
    static List<String> salesRows(Path dir) throws IOException {
        List<String> rows = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("sales/")).contents()) {
            if (!o.key().endsWith(".parquet")) {
                continue;
            }
            assertThat(o.key()).matches("sales/region=[a-z]+/part-.*\\.snappy\\.parquet");
            String region = o.key().substring("sales/region=".length(), o.key().indexOf('/', "sales/region=".length()));
            Path local = dir.resolve(o.key().replace('/', '_'));
            Files.deleteIfExists(local);
            s3.getObject(b -> b.bucket(bucket).key(o.key()), local);
            try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(local))) {
                for (BlockMetaData block : reader.getFooter().getBlocks()) {
                    assertThat(block.getColumns()).allMatch(c -> c.getCodec() == CompressionCodecName.SNAPPY);
                }
                MessageType schema = reader.getFooter().getFileMetaData().getSchema();
                PageReadStore pages;
                while ((pages = reader.readNextRowGroup()) != null) {
                    RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                            .getRecordReader(pages, new GroupRecordConverter(schema));
                    for (long i = 0; i < pages.getRowCount(); i++) {
                        Group g = records.read();
                        rows.add(region + "/" + g.getLong("order_id", 0) + "/" + g.getString("name", 0) + "/"
                                + g.getDouble("amount", 0));
                    }
                }
            }
        }
        return rows;
    }

    @Test
    void javaJobJoinsCatalogTablesWritesPartitionedParquetAndBookmarks(@TempDir Path dir) throws Exception {
        String job = job("SalesJob");
        String first = glue.startJobRun(b -> b.jobName(job)).jobRunId();
        JobRun run = await(job, first);
        assertThat(run.jobRunState()).as(run.errorMessage() + "\n" + log(first)).isEqualTo(JobRunState.SUCCEEDED);
        assertThat(run.executionTime()).isNotNull();
        // a figure for the closing note, never asserted: StartJobRun to SUCCEEDED of this small job
        System.out.println("glueetl run " + first + ": STARTING -> SUCCEEDED in "
                + java.time.Duration.between(run.startedOn(), run.completedOn()) + ", ExecutionTime " + run.executionTime() + " s");
        assertThat(log(first)).contains("Overcast Glue runner: running SalesJob").contains("joined rows: 3");

        Table sales = glue.getTable(b -> b.databaseName(db).name("sales")).table();
        assertThat(sales.storageDescriptor().columns()).extracting(Column::name)
                .containsExactly("order_id", "customer_id", "amount", "name");
        assertThat(sales.partitionKeys()).extracting(Column::name).containsExactly("region");
        assertThat(sales.parameters()).containsEntry("classification", "parquet");
        assertThat(sales.storageDescriptor().location()).isEqualTo("s3://" + bucket + "/sales/");
        assertThat(glue.getPartitions(b -> b.databaseName(db).tableName("sales")).partitions())
                .extracting(p -> p.values().get(0)).containsExactlyInAnyOrder("eu", "us");
        assertThat(salesRows(dir)).containsExactlyInAnyOrder("eu/10/Ada/12.5", "us/11/Bob/7.25", "eu/12/Dee/3.0");
        assertThat(glue.getJobBookmark(b -> b.jobName(job)).jobBookmarkEntry().jobBookmark()).contains("part1.json");

        // a new file: the second run reads only it (bookmarked), so nothing is written twice
        put("orders/part2.json", "{\"order_id\": 13, \"customer_id\": 3, \"amount\": 99.0}\n");
        String second = glue.startJobRun(b -> b.jobName(job)).jobRunId();
        JobRun run2 = await(job, second);
        assertThat(run2.jobRunState()).as(run2.errorMessage() + "\n" + log(second)).isEqualTo(JobRunState.SUCCEEDED);
        assertThat(log(second)).contains("joined rows: 1");
        assertThat(salesRows(dir)).containsExactlyInAnyOrder("eu/10/Ada/12.5", "us/11/Bob/7.25", "eu/12/Dee/3.0",
                "apac/13/Chen/99.0");
        assertThat(glue.getPartitions(b -> b.databaseName(db).tableName("sales")).partitions())
                .extracting(p -> p.values().get(0)).containsExactlyInAnyOrder("eu", "us", "apac");
        JobBookmarkEntry bookmark = glue.getJobBookmark(b -> b.jobName(job)).jobBookmarkEntry();
        assertThat(bookmark.run()).isEqualTo(2);
        assertThat(bookmark.runId()).isEqualTo(second);
        assertThat(bookmark.jobBookmark()).contains("part1.json", "part2.json");

        glue.resetJobBookmark(b -> b.jobName(job));
        assertThat(glue.getJobBookmark(b -> b.jobName(job)).jobBookmarkEntry().jobBookmark()).isEqualTo("{}");
    }

    @Test
    void stopsClearErrorsAndInterruptedRuns() throws Exception {
        String sleeper = job("Sleeper");
        String runId = glue.startJobRun(b -> b.jobName(sleeper)).jobRunId();
        long deadline = System.currentTimeMillis() + 10 * 60_000;
        while (!log(runId).contains("sleeping") && System.currentTimeMillis() < deadline) {
            sleep(500);
        }
        assertThat(glue.getJobRun(b -> b.jobName(sleeper).runId(runId)).jobRun().jobRunState()).isEqualTo(JobRunState.RUNNING);
        assertThat(glue.batchStopJobRun(b -> b.jobName(sleeper).jobRunIds(runId)).successfulSubmissions()).hasSize(1);
        assertThat(await(sleeper, runId).jobRunState()).isEqualTo(JobRunState.STOPPED);

        String missing = job("NoSuchClass");
        JobRun notFound = await(missing, glue.startJobRun(b -> b.jobName(missing)).jobRunId());
        assertThat(notFound.jobRunState()).isEqualTo(JobRunState.FAILED);
        assertThat(notFound.errorMessage()).contains("NoSuchClass").contains("not in the job's jars");

        String noClass = job("SalesJob");
        JobRun noClassRun = await(noClass, glue.startJobRun(b -> b.jobName(noClass)
                .arguments(Map.of("--class", ""))).jobRunId());
        assertThat(noClassRun.errorMessage()).contains("--class");

        String pyspark = GlueTestService.name("pyspark");
        put("jobs/etl.py", "from awsglue.context import GlueContext\n");
        glue.createJob(b -> b.name(pyspark).role("arn:aws:iam::000000000000:role/glue")
                .command(c -> c.name("glueetl").scriptLocation("s3://" + bucket + "/jobs/etl.py")));
        JobRun py = await(pyspark, glue.startJobRun(b -> b.jobName(pyspark)).jobRunId());
        assertThat(py.jobRunState()).isEqualTo(JobRunState.FAILED);
        assertThat(py.errorMessage()).contains("PySpark");

        // a run left RUNNING by a service that was stopped: the next start marks it FAILED
        String interrupted = "jr_interrupted_" + GlueTestService.name("x");
        JobRun left = JobRun.builder().id(interrupted).jobName(sleeper).attempt(0).jobRunState(JobRunState.RUNNING)
                .startedOn(java.time.Instant.now()).arguments(Map.of()).build();
        GlueTestService.bean(JdbcClient.class).sql("""
                        insert into job_runs (id, catalog_id, region, job, state, doc, started_at)
                        values (:id, '000000000000', 'us-east-1', :j, 'RUNNING', cast(:doc as jsonb), now())""")
                .param("id", interrupted).param("j", sleeper)
                .param("doc", dev.overcast.common.protocol.json.ModelJson.write(left)).update();
        GlueTestService.bean(JobExecutor.class).failInterrupted();
        JobRun failed = glue.getJobRun(b -> b.jobName(sleeper).runId(interrupted)).jobRun();
        assertThat(failed.jobRunState()).isEqualTo(JobRunState.FAILED);
        assertThat(failed.errorMessage()).contains("interrupted");
    }
}
