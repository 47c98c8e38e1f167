package dev.overcast.s3.policy;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.auth.Principal;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.testing.CpuProfiles;
import dev.overcast.s3.S3TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Not a test (surefire runs only *Test classes): what a 20-statement bucket policy costs a 1 KiB GET by the bucket's
 * owner (whose requests are checked against the policy's Deny statements), as CPU time per GET of the service's request
 * threads ({@link CpuProfiles}; the machine is shared, so no throughput), with the bytes they allocate and the
 * transactions per GET, in rounds that alternate a bucket without a policy and one with it, and a JFR profile of the
 * policy's side (written to {@code target/policy-get-cpu.txt}). Run:
 * {@code -Dtest=PolicyCostBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PolicyCostBench {

    private static final S3Client OWNER = S3TestService.client();
    private static final int GETS = Integer.getInteger("bench.gets", 2000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 6);

    /**
     * Twenty statements of the kinds policies carry (those of the bench module's s3-get-1k-policy): other accounts,
     * prefixes, conditions, Deny statements on the owner's GETs that only their source-address condition keeps from
     * refusing it, a Deny elsewhere.
     */
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
        for (int i = 0; i < 3; i++) { // Deny statements that match the owner's GET up to their condition
            statements.add("{\"Sid\":\"net" + i + "\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                    + "\"Resource\":[\"arn:aws:s3:::" + bucket + "\",\"arn:aws:s3:::" + bucket + "/*\"],\"Condition\":"
                    + "{\"NotIpAddress\":{\"aws:SourceIp\":[\"127.0.0.0/8\",\"10.0.0.0/8\",\"192.168." + i + ".0/24\"]}}}");
        }
        statements.add("{\"Sid\":\"owner\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"000000000000\"},"
                + "\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::" + bucket + "/*\",\"Condition\":{\"DateGreaterThan\":"
                + "{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"}}}");
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

    private static final int CLIENTS = 4;

    /**
     * What a round of GETs cost per GET (from {@link CpuProfiles}): {service request threads' CPU us, their allocated
     * bytes, JVM and database CPU us (shared with the client), transactions}; recorded by JFR into {@code jfr} if given.
     */
    private static double[] round(ExecutorService clients, String bucket, Path jfr) throws Exception {
        Map<Long, long[]> threads = CpuProfiles.threads();
        long process = CpuProfiles.processCpu();
        long db = CpuProfiles.postgresCpu();
        long commits = commits();
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
            if (jfr != null) {
                recording.start();
            }
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < CLIENTS; t++) {
                running.add(clients.submit(() -> {
                    for (int i = 0; i < GETS / CLIENTS; i++) {
                        OWNER.getObjectAsBytes(b -> b.bucket(bucket).key("data/k"));
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            if (jfr != null) {
                recording.stop();
                recording.dump(jfr);
            }
        }
        CpuProfiles.Usage used = CpuProfiles.since(threads);
        int gets = GETS / CLIENTS * CLIENTS;
        return new double[]{used.cpu("service") / 1000.0 / gets, (double) used.allocated("service") / gets,
                (CpuProfiles.processCpu() - process + CpuProfiles.postgresCpu() - db) / 1000.0 / gets,
                (double) (commits() - commits) / gets};
    }

    /** Transactions committed in the service's database so far (PostgreSQL's statistics, up to a second behind). */
    private static long commits() {
        return S3TestService.jdbc().queryForObject("select xact_commit from pg_stat_database where datname ="
                + " current_database()", Long.class);
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
    void cpuPerGetWithATwentyStatementPolicyAgainstNone() throws Exception {
        String none = bucket(false);
        String twenty = bucket(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS, r -> new Thread(r, "cpu-client"));
        try {
            for (int i = 0; i < 2; i++) {
                round(clients, none, null); // warm-up: JIT, caches, the compiled policy
                round(clients, twenty, null);
            }
            List<double[]> a = new ArrayList<>();
            List<double[]> b = new ArrayList<>();
            Path jfr = Files.createTempFile("policy-get", ".jfr");
            for (int r = 0; r < ROUNDS; r++) { // alternating order: A B, B A, ...
                if (r % 2 == 0) {
                    a.add(round(clients, none, null));
                    b.add(round(clients, twenty, r == 0 ? jfr : null));
                } else {
                    b.add(round(clients, twenty, null));
                    a.add(round(clients, none, null));
                }
            }
            StringBuilder out = new StringBuilder(String.format("PolicyCostBench: %d GETs of 1 KiB per round by %d"
                    + " threads, %d rounds%n", GETS, CLIENTS, ROUNDS));
            String[] what = {"service threads' CPU us/GET", "service threads' allocated B/GET",
                "JVM+db CPU us/GET (with the client)", "transactions/GET"};
            for (int w = 0; w < what.length; w++) {
                out.append(String.format("  no policy     %-38s %s%n", what[w], line(a, w)));
                out.append(String.format("  20 statements %-38s %s%n", what[w], line(b, w)));
            }
            for (int w : new int[]{0, 2}) {
                int which = w;
                List<Double> ratios = IntStream.range(0, ROUNDS).mapToObj(i -> b.get(i)[which] / a.get(i)[which]).toList();
                out.append("  ratio per pair (" + what[w] + "): " + ratios.stream().map(v -> String.format("%.3f", v))
                        .collect(Collectors.joining(" ")) + "  median " + String.format("%.3f", median(ratios)) + "\n");
            }
            out.append(CpuProfiles.profile(jfr, "service thread samples, 20 statements (first round)",
                    t -> CpuProfiles.group(t).equals("service"), k -> k.startsWith("dev.overcast")));
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "policy-get-cpu.txt"), out);
            System.out.println(out);
        } finally {
            clients.shutdownNow();
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
