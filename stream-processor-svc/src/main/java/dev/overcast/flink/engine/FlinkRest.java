package dev.overcast.flink.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Flink's REST API, as the service drives a cluster with it (a child's local cluster or a session cluster): upload
 * and run a jar, read a job's state and load, trigger a savepoint or a checkpoint, stop with a savepoint, cancel.
 */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(5);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public FlinkRest(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    /** POST /jars/upload: the jar's id on the cluster. */
    public String uploadJar(Path jar) {
        String boundary = "overcast-" + UUID.randomUUID();
        try {
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                    + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/jars/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                            HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail))).build();
            String filename = call(request).path("filename").asText();
            return filename.substring(filename.lastIndexOf('/') + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * POST /jars/:id/run: runs the jar's main on the cluster; the job id it submitted.
     *
     * @param savepointPath      a savepoint to restore from, or null
     * @param flinkConfiguration the job's own configuration (a session cluster's jobs each bring theirs)
     */
    public String run(String jarId, String entryClass, int parallelism, String savepointPath, boolean allowNonRestoredState,
                      List<String> args, java.util.Map<String, String> flinkConfiguration) {
        ObjectNode body = JSON.createObjectNode();
        if (entryClass != null) {
            body.put("entryClass", entryClass);
        }
        body.put("parallelism", parallelism);
        if (savepointPath != null) {
            body.put("savepointPath", savepointPath);
            body.put("allowNonRestoredState", allowNonRestoredState);
        }
        body.putPOJO("programArgsList", new ArrayList<>(args));
        if (!flinkConfiguration.isEmpty()) {
            body.putPOJO("flinkConfiguration", new java.util.LinkedHashMap<>(flinkConfiguration));
        }
        return call(post("/jars/" + jarId + "/run", body)).path("jobid").asText();
    }

    /** GET /jobs/:id: CREATED, RUNNING, RESTARTING, FAILED, CANCELED, FINISHED… */
    public String jobState(String jobId) {
        return call(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId)).GET().build()).path("state").asText();
    }

    /**
     * GET /jobs/:id: the job's state, except that a RUNNING job whose tasks are not all running yet (still deploying,
     * restoring their state) is INITIALIZING: a savepoint or checkpoint of it would be refused.
     */
    public String runningState(String jobId) {
        JsonNode job = call(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId)).GET().build());
        String state = job.path("state").asText();
        if (state.equals("RUNNING")) {
            for (JsonNode vertex : job.path("vertices")) {
                String v = vertex.path("status").asText();
                if (!v.equals("RUNNING") && !v.equals("FINISHED")) {
                    return "INITIALIZING";
                }
            }
        }
        return state;
    }

    /**
     * How loaded the job is, from 0 to 1: the largest share of a second that any of its subtasks spent busy or
     * back-pressured (Flink's busyTimeMsPerSecond and backPressuredTimeMsPerSecond, the max over each vertex's subtasks).
     */
    public double load(String jobId) {
        double load = 0;
        for (JsonNode vertex : call(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId)).GET().build()).path("vertices")) {
            JsonNode metrics = call(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText()
                    + "/subtasks/metrics?get=busyTimeMsPerSecond,backPressuredTimeMsPerSecond&agg=max")).GET().build());
            for (JsonNode m : metrics) {
                double v = m.path("max").asDouble(0);
                if (!Double.isNaN(v)) {
                    load = Math.max(load, v / 1000);
                }
            }
        }
        return Math.min(1, load);
    }

    /** The job's failure as Flink reports it (GET /jobs/:id/exceptions): its root cause, or null. */
    public String rootException(String jobId) {
        JsonNode n = call(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "/exceptions")).GET().build());
        String e = n.path("root-exception").asText(null);
        return e == null ? null : rootCause(e);
    }

    /** The innermost cause of a Java stack trace as text (its last "Caused by:" line, else its first line). */
    static String rootCause(String trace) {
        String cause = trace.lines().findFirst().orElse(trace);
        for (String line : (Iterable<String>) trace.lines()::iterator) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
            }
        }
        return cause.strip();
    }

    /** Triggers a savepoint into {@code directory} and waits for it: the savepoint's path. */
    public String savepoint(String jobId, String directory) {
        ObjectNode body = JSON.createObjectNode().put("target-directory", directory).put("cancel-job", false);
        String trigger = call(post("/jobs/" + jobId + "/savepoints", body)).path("request-id").asText();
        return awaitSavepoint(jobId, trigger);
    }

    /** Stops the job with a final savepoint into {@code directory} (Flink's graceful stop): the savepoint's path. */
    public String stopWithSavepoint(String jobId, String directory) {
        ObjectNode body = JSON.createObjectNode().put("targetDirectory", directory).put("drain", false);
        String trigger = call(post("/jobs/" + jobId + "/stop", body)).path("request-id").asText();
        return awaitSavepoint(jobId, trigger);
    }

    /**
     * Triggers a checkpoint of the job (POST /jobs/:id/checkpoints, Flink 1.19 and later) and waits until it completes:
     * its id. It goes where the job's periodic checkpoints go, and is retained as they are.
     */
    public long checkpoint(String jobId) {
        String trigger = call(post("/jobs/" + jobId + "/checkpoints", JSON.createObjectNode())).path("request-id").asText();
        return awaitOperation("/jobs/" + jobId + "/checkpoints/" + trigger, "checkpoint", "checkpointId").asLong();
    }

    /** PATCH /jobs/:id?mode=cancel. */
    public void cancel(String jobId) {
        call(HttpRequest.newBuilder(base.resolve("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
    }

    private String awaitSavepoint(String jobId, String trigger) {
        return awaitOperation("/jobs/" + jobId + "/savepoints/" + trigger, "savepoint", "location").asText();
    }

    /**
     * Polls one of Flink's asynchronous operations (GET {@code path}: a savepoint's, a checkpoint's) until it completes:
     * the {@code result} member of its outcome; its failure's root cause is thrown.
     */
    private JsonNode awaitOperation(String path, String what, String result) {
        long deadline = System.nanoTime() + SAVEPOINT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode n = call(HttpRequest.newBuilder(base.resolve(path)).GET().build());
            if ("COMPLETED".equals(n.path("status").path("id").asText())) {
                JsonNode op = n.path("operation");
                if (op.has(result)) {
                    return op.get(result);
                }
                throw new IllegalStateException(what + " failed: " + rootCause(op.path("failure-cause").path("stack-trace")
                        .asText("unknown cause")));
            }
            sleep(200);
        }
        throw new IllegalStateException(what + " " + path + " did not complete within " + SAVEPOINT_TIMEOUT);
    }

    private HttpRequest post(String path, JsonNode body) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private JsonNode call(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode n = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            if (r.statusCode() >= 300) {
                List<String> errors = new ArrayList<>();
                n.path("errors").forEach(e -> errors.add(rootCause(e.asText())));
                throw new IllegalStateException("Flink " + request.method() + " " + request.uri().getPath() + " answered "
                        + r.statusCode() + ": " + String.join("; ", errors));
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("Flink REST " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
