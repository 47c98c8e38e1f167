package dev.overcast.s3.policy;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.auth.Principal;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.s3.CpuMeter;
import dev.overcast.s3.S3TestService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Not a test (surefire runs only *Test classes): what a 20-statement bucket policy costs a 1 KiB GET by the bucket's
 * owner (whose requests are checked against the policy's Deny statements), as CPU time per GET of the JVM and the
 * database ({@link CpuMeter}; the machine is shared, so no throughput), in rounds that alternate a bucket without a
 * policy and one with it. The SDK client runs in the same JVM, so each figure includes the client's CPU too: the
 * difference is the policy's cost. Run: {@code -Dtest=PolicyCostBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PolicyCostBench {

    private static final S3Client OWNER = S3TestService.client();
    private static final int GETS = Integer.getInteger("bench.gets", 2000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 6);

    /** Twenty statements of the kinds policies carry: other accounts, prefixes, conditions, a Deny elsewhere. */
    private static String policy(String bucket) {
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statements.add("{\"Sid\":\"read" + i + "\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                    + String.format("%012d", 111111111111L + i) + ":root\"},\"Action\":[\"s3:GetObject\","
                    + "\"s3:GetObjectVersion\"],\"Resource\":\"arn:aws:s3:::" + bucket + "/team" + i + "/*\"}");
        }
        for (int i = 0; i < 6; i++) {
            statements.add("{\"Sid\":\"list" + i + "\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                    + String.format("%012d", 222222222222L + i) + "\"},\"Action\":\"s3:ListBucket\",\"Resource\":"
                    + "\"arn:aws:s3:::" + bucket + "\",\"Condition\":{\"StringLike\":{\"s3:prefix\":[\"team" + i
                    + "/*\"]}}}");
        }
        for (int i = 0; i < 4; i++) {
            statements.add("{\"Sid\":\"ip" + i + "\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:Get*\","
                    + "\"Resource\":\"arn:aws:s3:::" + bucket + "/public" + i + "/*\",\"Condition\":{\"IpAddress\":"
                    + "{\"aws:SourceIp\":\"10." + i + ".0.0/16\"}}}");
        }
        statements.add("{\"Sid\":\"tls\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\","
                + "\"Resource\":\"arn:aws:s3:::" + bucket + "/secure/*\",\"Condition\":{\"Bool\":"
                + "{\"aws:SecureTransport\":\"false\"}}}");
        statements.add("{\"Sid\":\"noDelete\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":[\"s3:DeleteObject\","
                + "\"s3:DeleteObjectVersion\"],\"Resource\":\"arn:aws:s3:::" + bucket + "/archive/*\"}");
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static String bucket(boolean withPolicy) {
        String bucket = S3TestService.bucketName();
        OWNER.createBucket(b -> b.bucket(bucket));
        OWNER.putObject(b -> b.bucket(bucket).key("data/k"), RequestBody.fromBytes(new byte[1024]));
        if (withPolicy) {
            OWNER.putBucketPolicy(b -> b.bucket(bucket).policy(policy(bucket)));
        }
        return bucket;
    }

    private static final CpuMeter CPU = new CpuMeter(S3TestService.jdbc());

    /** CPU microseconds per GET over a round: {JVM and database, JVM alone, request threads}. */
    private static double[] round(String bucket) {
        CpuMeter.Sample start = CPU.now();
        for (int i = 0; i < GETS; i++) {
            OWNER.getObjectAsBytes(b -> b.bucket(bucket).key("data/k"));
        }
        CpuMeter.Sample used = CPU.now().minus(start);
        return new double[]{used.total() / 1000.0 / GETS, used.jvm() / 1000.0 / GETS, used.requests() / 1000.0 / GETS};
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String line(List<double[]> rounds, int which) {
        List<Double> v = rounds.stream().map(r -> r[which]).toList();
        return v.stream().map(x -> String.format("%.1f", x)).collect(Collectors.joining(" ")) + "  median "
                + String.format("%.1f", median(v));
    }

    @Test
    void cpuPerGetWithATwentyStatementPolicyAgainstNone() {
        String none = bucket(false);
        String twenty = bucket(true);
        IntStream.range(0, 2).forEach(i -> {
            round(none); // warm-up: JIT, caches, the compiled policy
            round(twenty);
        });
        List<double[]> a = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) { // alternating order: A B, B A, ...
            if (r % 2 == 0) {
                a.add(round(none));
                b.add(round(twenty));
            } else {
                b.add(round(twenty));
                a.add(round(none));
            }
        }
        System.out.printf("PolicyCostBench: %d GETs of 1 KiB per round, %d rounds%n", GETS, ROUNDS);
        System.out.println("  no policy     CPU us/GET (JVM+db): " + line(a, 0));
        System.out.println("  20 statements CPU us/GET (JVM+db): " + line(b, 0));
        System.out.println("  no policy     CPU us/GET (JVM):    " + line(a, 1));
        System.out.println("  20 statements CPU us/GET (JVM):    " + line(b, 1));
        System.out.println("  no policy     CPU us/GET (request threads): " + line(a, 2));
        System.out.println("  20 statements CPU us/GET (request threads): " + line(b, 2));
        for (int which : new int[]{0, 2}) {
            List<Double> ratios = IntStream.range(0, ROUNDS).mapToObj(i -> b.get(i)[which] / a.get(i)[which]).toList();
            System.out.println("  ratio per pair (" + (which == 0 ? "JVM+db" : "request threads") + "): "
                    + ratios.stream().map(v -> String.format("%.3f", v)).collect(Collectors.joining(" "))
                    + "  median " + String.format("%.3f", median(ratios)));
        }
    }

    /**
     * The evaluation alone, as the request path runs it (the dispatcher's announcement, then the bucket's check), for
     * the owner's GetObject on a bucket without a policy and one with the 20 statements: thread CPU per check.
     */
    @Test
    void cpuPerCheckOfTheOwnersGetAgainstTwentyStatements() {
        String none = bucket(false);
        String twenty = bucket(true);
        PolicyAccess access = S3TestService.bean(PolicyAccess.class);
        dev.overcast.s3.bucket.BucketStore buckets = S3TestService.bean(dev.overcast.s3.bucket.BucketStore.class);
        RequestContext ctx = new RequestContext("bench", new Principal("AKIABENCH", "000000000000", "us-east-1", "s3"),
                new Headerless(), null, java.util.Map.of());
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int checks = Integer.getInteger("bench.checks", 200_000);
        java.util.function.ToDoubleFunction<String> round = name -> {
            dev.overcast.s3.bucket.Bucket bucket = buckets.find(name).orElseThrow();
            GetObjectRequest request = GetObjectRequest.builder().bucket(name).key("data/k").build();
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < checks; i++) {
                access.beforeInvoke(ctx, "GetObject", request);
                access.check(ctx, bucket);
            }
            return (threads.getCurrentThreadCpuTime() - start) / 1000.0 / checks;
        };
        round.applyAsDouble(none);
        round.applyAsDouble(twenty);
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            a.add(round.applyAsDouble(none));
            b.add(round.applyAsDouble(twenty));
        }
        System.out.printf("PolicyCostBench: %d checks per round, thread CPU us per check: no policy %s (median %.2f),"
                + " 20 statements %s (median %.2f)%n", checks, a.stream().map(v -> String.format("%.2f", v)).toList(),
                median(a), b.stream().map(v -> String.format("%.2f", v)).toList(), median(b));
    }

    /** A request with no headers (no X-Forwarded-*: plain HTTP from 127.0.0.1). */
    private static final class Headerless implements AwsHttpRequest {
        public String method() {
            return "GET";
        }

        public String rawPath() {
            return "/";
        }

        public String rawQuery() {
            return null;
        }

        public java.util.Map<String, List<String>> queryParameters() {
            return java.util.Map.of();
        }

        public String header(String name) {
            return null;
        }

        public List<String> headers(String name) {
            return List.of();
        }

        public java.util.Collection<String> headerNames() {
            return List.of();
        }

        public java.io.InputStream body() {
            return java.io.InputStream.nullInputStream();
        }

        public long contentLength() {
            return 0;
        }
    }
}
