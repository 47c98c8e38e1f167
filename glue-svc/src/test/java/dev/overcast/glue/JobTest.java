package dev.overcast.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.*;
import software.amazon.awssdk.services.s3.S3Client;

/** Jobs that really run: Python shell jobs with python3 and boto3 against the suite's S3. */
class JobTest {

    static GlueClient glue;
    static S3Client s3;
    static String bucket;

    static final String SCRIPT = """
            import sys
            import boto3
            from awsglue.utils import getResolvedOptions

            args = getResolvedOptions(sys.argv, ['JOB_NAME', 'bucket', 'key'])
            s3 = boto3.client('s3')
            body = s3.get_object(Bucket=args['bucket'], Key=args['key'])['Body'].read().decode()
            s3.put_object(Bucket=args['bucket'], Key='out/result.txt', Body=(body.upper() + ' ' + args['JOB_NAME']).encode())
            print('done', args['JOB_RUN_ID'])
            """;

    @BeforeAll
    static void scripts() {
        glue = GlueTestService.client();
        s3 = GlueTestService.s3();
        bucket = GlueTestService.name("jobs").replace('_', '-');
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("scripts/copy.py"), RequestBody.fromString(SCRIPT));
        s3.putObject(b -> b.bucket(bucket).key("scripts/fail.py"), RequestBody.fromString("raise ValueError('no way')\n"));
        s3.putObject(b -> b.bucket(bucket).key("scripts/sleep.py"), RequestBody.fromString("import time\ntime.sleep(60)\n"));
        s3.putObject(b -> b.bucket(bucket).key("in.txt"), RequestBody.fromString("hello"));
    }

    static String job(String script, String command, int maxConcurrent) {
        String name = GlueTestService.name("job");
        glue.createJob(b -> b.name(name).role("arn:aws:iam::000000000000:role/glue")
                .command(c -> c.name(command).pythonVersion("3.9").scriptLocation("s3://" + bucket + "/scripts/" + script))
                .defaultArguments(Map.of("--bucket", bucket)).executionProperty(e -> e.maxConcurrentRuns(maxConcurrent)));
        return name;
    }

    static JobRun await(String job, String runId) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            JobRun run = glue.getJobRun(b -> b.jobName(job).runId(runId)).jobRun();
            if (run.jobRunState() == JobRunState.SUCCEEDED || run.jobRunState() == JobRunState.FAILED
                    || run.jobRunState() == JobRunState.STOPPED || run.jobRunState() == JobRunState.TIMEOUT) {
                return run;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("run " + runId + " did not end");
    }

    @Test
    void pythonShellJobUsesBoto3AgainstTheSuite() throws Exception {
        String job = job("copy.py", "pythonshell", 1);
        String runId = glue.startJobRun(b -> b.jobName(job).arguments(Map.of("--key", "in.txt"))).jobRunId();
        JobRun run = await(job, runId);
        assertThat(run.jobRunState()).as(run.errorMessage()).isEqualTo(JobRunState.SUCCEEDED);
        assertThat(run.arguments()).containsEntry("--bucket", bucket).containsEntry("--key", "in.txt");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("out/result.txt")).asUtf8String())
                .isEqualTo("HELLO " + job);
        HttpResponse<String> log = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                GlueTestService.endpoint() + "/_overcast/glue/runs/" + runId + "/log")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(log.body()).contains("done " + runId);
        assertThat(glue.getJobRuns(b -> b.jobName(job)).jobRuns()).extracting(JobRun::id).containsExactly(runId);
    }

    @Test
    void failuresStopsAndLimits() {
        String failing = job("fail.py", "pythonshell", 1);
        JobRun failed = await(failing, glue.startJobRun(b -> b.jobName(failing)).jobRunId());
        assertThat(failed.jobRunState()).isEqualTo(JobRunState.FAILED);
        assertThat(failed.errorMessage()).contains("ValueError: no way");

        String etl = job("copy.py", "glueetl", 1);
        JobRun spark = await(etl, glue.startJobRun(b -> b.jobName(etl)).jobRunId());
        assertThat(spark.jobRunState()).isEqualTo(JobRunState.FAILED);
        assertThat(spark.errorMessage()).contains("PySpark").contains("pyspark");

        String sleeping = job("sleep.py", "pythonshell", 1);
        String first = glue.startJobRun(b -> b.jobName(sleeping)).jobRunId();
        assertThatThrownBy(() -> glue.startJobRun(b -> b.jobName(sleeping)))
                .isInstanceOf(ConcurrentRunsExceededException.class);
        BatchStopJobRunResponse stop = glue.batchStopJobRun(b -> b.jobName(sleeping).jobRunIds(first, "jr_missing"));
        assertThat(stop.successfulSubmissions()).hasSize(1);
        assertThat(stop.errors()).hasSize(1);
        assertThat(await(sleeping, first).jobRunState()).isEqualTo(JobRunState.STOPPED);

        assertThatThrownBy(() -> glue.startJobRun(b -> b.jobName("no_such_job"))).isInstanceOf(EntityNotFoundException.class);
        assertThat(glue.batchGetJobs(b -> b.jobNames(etl, "no_such_job")).jobsNotFound()).containsExactly("no_such_job");
        glue.resetJobBookmark(b -> b.jobName(etl));
        assertThat(glue.getJobBookmark(b -> b.jobName(etl)).jobBookmarkEntry().jobName()).isEqualTo(etl);
    }
}
