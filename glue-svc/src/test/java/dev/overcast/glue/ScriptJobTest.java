package dev.overcast.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * glueetl scripts: a Scala script (ScriptLocation a .scala file) compiled inside the run against our GlueContext /
 * DynamicFrame API and run on Spark, its DynamicFrame transforms' results read back from S3; a script that does not
 * compile fails the run with the compiler's message; a PySpark script fails, where no Python has pyspark, saying so.
 */
class ScriptJobTest {

    static final String PEOPLE = """
            {"id": 1, "name": "Ada", "age": 36, "address": {"city": "London", "zip": "N1"}, "phones": [{"type": "home", "number": "111"}, {"type": "work", "number": "222"}], "tags": ["a", "b"], "score": 12, "nothing": null, "meta": "{\\"level\\": 3}"}
            {"id": 2, "name": "Bob", "age": 17, "address": {"city": "Paris", "zip": "75001"}, "phones": [], "tags": ["c"], "score": "x", "nothing": null, "meta": "{\\"level\\": 1}"}
            {"id": 3, "name": "Chen", "age": 52, "address": {"city": "Beijing"}, "phones": [{"type": "home", "number": "333"}], "tags": [], "score": 7, "nothing": null, "meta": "{\\"level\\": 2}"}
            """;

    static final ObjectMapper JSON = new ObjectMapper();
    static GlueClient glue;
    static S3Client s3;
    static String bucket;

    @BeforeAll
    static void data() throws IOException {
        glue = GlueTestService.client();
        s3 = GlueTestService.s3();
        bucket = GlueTestService.name("scripts").replace('_', '-');
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("people/people.json"), RequestBody.fromString(PEOPLE));
        try (InputStream in = ScriptJobTest.class.getResourceAsStream("/scripts/PeopleJob.scala")) {
            s3.putObject(b -> b.bucket(bucket).key("scripts/PeopleJob.scala"), RequestBody.fromBytes(in.readAllBytes()));
        }
    }

    static String job(String script, Map<String, String> arguments) {
        String name = GlueTestService.name("script");
        glue.createJob(b -> b.name(name).role("arn:aws:iam::000000000000:role/glue").glueVersion("5.0")
                .command(c -> c.name("glueetl").scriptLocation("s3://" + bucket + "/" + script))
                .defaultArguments(arguments));
        return name;
    }

    static JobRun run(String job) {
        String runId = glue.startJobRun(b -> b.jobName(job)).jobRunId();
        long deadline = System.currentTimeMillis() + 20 * 60_000;
        while (System.currentTimeMillis() < deadline) {
            JobRun run = glue.getJobRun(b -> b.jobName(job).runId(runId)).jobRun();
            if (run.jobRunState() == JobRunState.SUCCEEDED || run.jobRunState() == JobRunState.FAILED
                    || run.jobRunState() == JobRunState.STOPPED || run.jobRunState() == JobRunState.TIMEOUT) {
                return run;
            }
            SparkJobTest.sleep(500);
        }
        throw new AssertionError("run " + runId + " did not end");
    }

    /** The records of the JSON files Spark wrote under out/{name}/. */
    static List<JsonNode> output(String name) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("out/" + name + "/")).contents()) {
            if (o.key().endsWith(".json")) {
                String text = s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asString(StandardCharsets.UTF_8);
                for (String line : text.split("\n")) {
                    if (!line.isBlank()) {
                        records.add(JSON.readTree(line));
                    }
                }
            }
        }
        records.sort(java.util.Comparator.comparing(n -> n.path("id").asText()));
        return records;
    }

    static List<String> texts(List<JsonNode> records, String field) {
        return records.stream().map(r -> r.has(field) ? r.get(field).toString() : "-").toList();
    }

    @Test
    void scalaScriptCompiledInTheRunTransformsDynamicFrames() throws Exception {
        String job = job("scripts/PeopleJob.scala", Map.of("--class", "PeopleJob",
                "--input", "s3://" + bucket + "/people/", "--output", "s3://" + bucket + "/out/"));
        JobRun run = run(job);
        String log = SparkJobTest.log(run.id());
        assertThat(run.jobRunState()).as(run.errorMessage() + "\n" + log).isEqualTo(JobRunState.SUCCEEDED);

        assertThat(texts(output("filter"), "name")).containsExactly("\"Ada\"", "\"Chen\"");

        List<JsonNode> mapped = output("map");
        assertThat(texts(mapped, "adult")).containsExactly("true", "false", "true");
        assertThat(texts(mapped, "id")).containsExactly("1", "2", "3"); // still numbers
        assertThat(mapped).allMatch(r -> !r.has("phones") && r.get("address").get("country").asText().equals("XX"));
        assertThat(mapped.get(0).get("address").get("city").asText()).isEqualTo("London");

        List<JsonNode> dropped = output("dropFields");
        assertThat(dropped).allMatch(r -> !r.has("tags") && !r.has("phones") && !r.get("address").has("zip")
                && r.get("address").has("city") && r.has("name"));

        List<JsonNode> renamed = output("renameField");
        assertThat(texts(renamed, "full_name")).containsExactly("\"Ada\"", "\"Bob\"", "\"Chen\"");
        assertThat(renamed.get(0).get("address").toString()).isEqualTo("{\"zip\":\"N1\",\"town\":\"London\"}");

        assertThat(output("selectFields").get(1).toString()).isEqualTo("{\"id\":2,\"city\":\"Paris\"}");
        assertThat(texts(output("cast"), "score")).containsExactly("12", "-", "7");
        assertThat(texts(output("project"), "score")).containsExactly("12", "-", "7");
        assertThat(texts(output("make_cols"), "score_string")).containsExactly("\"12\"", "\"x\"", "\"7\"");
        assertThat(texts(output("make_struct"), "score")).containsExactly("{\"string\":\"12\"}", "{\"string\":\"x\"}",
                "{\"string\":\"7\"}");
        assertThat(texts(output("choice"), "id")).containsExactly("\"1\"", "\"2\"", "\"3\"");

        // relationalize: the root with its structs unnested and arrays as keys, a frame per array
        assertThat(log).contains("relationalized: root,root_phones,root_tags");
        List<JsonNode> root = output("relationalize/root");
        assertThat(root.get(0).get("address.city").asText()).isEqualTo("London");
        long adaPhones = root.get(0).get("phones").asLong();
        List<JsonNode> phones = output("relationalize/root_phones");
        assertThat(phones).hasSize(3);
        assertThat(phones.stream().filter(p -> p.get("id").asLong() == adaPhones)
                .map(p -> p.get("index").asInt() + ":" + p.get("phones.val.type").asText() + ":"
                        + p.get("phones.val.number").asText()).sorted().toList())
                .containsExactly("0:home:111", "1:work:222");
        List<JsonNode> tags = output("relationalize/root_tags");
        assertThat(tags.stream().map(t -> t.get("tags.val").asText()).sorted().toList()).containsExactly("a", "b", "c");
        assertThat(tags.stream().filter(t -> t.get("id").asLong() == root.get(0).get("tags").asLong())
                .map(t -> t.get("index").asInt() + ":" + t.get("tags.val").asText()).toList())
                .containsExactlyInAnyOrder("0:a", "1:b");

        assertThat(output("unnest").get(0).toString())
                .isEqualTo("{\"id\":1,\"address.city\":\"London\",\"address.zip\":\"N1\"}");
        assertThat(output("spigot")).hasSize(2); // topk 2
        assertThat(log).contains("people: address,age,id,meta,name,nothing,phones,score,tags")
                .contains("dropNullFields: address,age,id,meta,name,phones,score,tags")
                .contains("splitFields: id,name | address,age,meta,nothing,phones,score,tags")
                .contains("make_cols: address,age,id,meta,name,nothing,phones,score_string,tags");
        assertThat(texts(output("unbox"), "meta")).containsExactly("{\"level\":3}", "{\"level\":1}", "{\"level\":2}");
    }

    @Test
    void scalaScriptThatDoesNotCompileFailsWithTheCompilersMessage() {
        s3.putObject(b -> b.bucket(bucket).key("scripts/Broken.scala"), RequestBody.fromString("""
                object Broken {
                  def main(args: Array[String]): Unit = prinln("hello")
                }
                """));
        JobRun run = run(job("scripts/Broken.scala", Map.of("--class", "Broken")));
        assertThat(run.jobRunState()).isEqualTo(JobRunState.FAILED);
        assertThat(run.errorMessage()).startsWith("the Scala script did not compile: ")
                .contains(" Broken.scala:2: error: not found: value prinln");
    }

    @Test
    void pysparkScriptFailsClearlyWhereNoPythonHasPyspark() throws Exception {
        assumeTrue(!hasPyspark(), "this Python has pyspark: the run does not fail for want of it");
        s3.putObject(b -> b.bucket(bucket).key("scripts/etl.py"), RequestBody.fromString("""
                from awsglue.context import GlueContext
                """));
        JobRun run = run(job("scripts/etl.py", Map.of()));
        assertThat(run.jobRunState()).isEqualTo(JobRunState.FAILED);
        assertThat(run.errorMessage()).startsWith("PySpark glueetl scripts need a Python with pyspark, and ")
                .contains("has no pyspark (ModuleNotFoundError: No module named 'pyspark')")
                .contains("install pyspark for that Python");
    }

    @Test
    void pysparkScriptRunsWithOurAwsglue() throws Exception {
        assumeTrue(hasPyspark(), "no pyspark here: the Python that runs glueetl scripts has none (and PyPI is not"
                + " reachable from this machine to install it), so a PySpark script cannot run");
        try (InputStream in = ScriptJobTest.class.getResourceAsStream("/scripts/people_job.py")) {
            s3.putObject(b -> b.bucket(bucket).key("scripts/people_job.py"), RequestBody.fromBytes(in.readAllBytes()));
        }
        JobRun run = run(job("scripts/people_job.py", Map.of("--input", "s3://" + bucket + "/people/",
                "--output", "s3://" + bucket + "/out/py/")));
        assertThat(run.jobRunState()).as(run.errorMessage() + "\n" + SparkJobTest.log(run.id()))
                .isEqualTo(JobRunState.SUCCEEDED);
        assertThat(texts(output("py/filter"), "name")).containsExactly("\"Ada\"", "\"Chen\"");
        assertThat(texts(output("py/relationalize_root_phones"), "phones.val.number")).hasSize(3);
    }

    static boolean hasPyspark() throws Exception {
        String python = GlueTestService.bean(Environment.class).getProperty("overcast.glue.python", "python3");
        Process p = new ProcessBuilder(python, "-c", "import pyspark").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }
}
