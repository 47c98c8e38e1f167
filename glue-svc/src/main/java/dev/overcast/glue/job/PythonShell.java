package dev.overcast.glue.job;

import dev.overcast.glue.store.Scope;
import dev.overcast.glue.store.SuiteClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.glue.model.Job;
import software.amazon.awssdk.services.glue.model.JobRun;

/**
 * Runs a {@code pythonshell} job run with python3: the script fetched from the suite's S3 (ScriptLocation), the
 * arguments as Glue passes them ({@code --JOB_ID}, {@code --JOB_RUN_ID}, {@code --JOB_NAME}, then the run's
 * {@code --key value} pairs), our {@code awsglue} package on PYTHONPATH, and boto3 pointed at the suite
 * ({@code AWS_ENDPOINT_URL}, region, the account's credentials). stdout and stderr go to the run's log.
 */
@Component
public class PythonShell implements AutoCloseable {

    /** How a process ended. */
    public record Result(int exitCode, boolean timedOut, String error) {
    }

    private static final List<String> PACKAGE = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("awsglue/__init__.py", "awsglue/utils.py"), PySpark.files().stream()).toList();

    private final SuiteClients clients;
    private final String python;
    private final String endpoint;
    private final Path workDir;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();

    public PythonShell(SuiteClients clients, @Value("${overcast.glue.python:python3}") String python,
                       @Value("${overcast.glue.job-endpoint-url}") String endpoint,
                       @Value("${overcast.glue.work-dir}") String workDir) {
        this.clients = clients;
        this.python = python;
        this.endpoint = endpoint;
        this.workDir = Path.of(workDir);
    }

    Result run(Scope s, Job job, JobRun run, Duration timeout, Consumer<String> log) {
        return run(s, job, run, timeout, log, Map.of());
    }

    /** A run with more environment (a PySpark run's SPARK_HOME and submit arguments). */
    Result run(Scope s, Job job, JobRun run, Duration timeout, Consumer<String> log, Map<String, String> extraEnv) {
        try {
            Path dir = Files.createDirectories(workDir.resolve("runs").resolve(run.id()));
            Path lib = library();
            Path script = dir.resolve("script.py");
            clients.download(s, job.command().scriptLocation(), script);
            List<String> cmd = new ArrayList<>(List.of(python, "-u", script.toString()));
            cmd.addAll(glueArguments(job, run));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("PYTHONPATH", lib + (env.containsKey("PYTHONPATH") ? ":" + env.get("PYTHONPATH") : ""));
            env.put("AWS_ENDPOINT_URL", endpoint);
            env.put("AWS_DEFAULT_REGION", s.region());
            env.put("AWS_REGION", s.region());
            var credentials = clients.credentials(s);
            env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
            env.remove("AWS_PROFILE");
            env.put("GLUE_JOB_NAME", job.name());
            env.putAll(extraEnv);
            Process p = pb.start();
            processes.put(run.id(), p);
            StringBuilder tail = new StringBuilder();
            Thread reader = Thread.ofVirtual().start(() -> pump(p.getInputStream(), log, tail));
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
            }
            reader.join(5000);
            processes.remove(run.id());
            String last = tail.toString().strip();
            int nl = last.lastIndexOf('\n');
            return new Result(done ? p.exitValue() : -1, !done,
                    done && p.exitValue() != 0 ? (nl >= 0 ? last.substring(nl + 1) : last) : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void pump(InputStream in, Consumer<String> log, StringBuilder tail) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                String text = new String(buf, 0, n, StandardCharsets.UTF_8);
                log.accept(text);
                tail.append(text);
                if (tail.length() > 4096) {
                    tail.delete(0, tail.length() - 4096);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    void stop(String runId) {
        Process p = processes.get(runId);
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }

    /** The arguments as Glue passes them to a job's script: --JOB_ID, --JOB_RUN_ID, --JOB_NAME, then the run's. */
    static List<String> glueArguments(Job job, JobRun run) {
        List<String> args = new ArrayList<>(List.of("--JOB_ID", "j_" + job.name(), "--JOB_RUN_ID", run.id(),
                "--JOB_NAME", job.name()));
        run.arguments().forEach((k, v) -> {
            args.add(k.startsWith("--") ? k : "--" + k);
            args.add(v);
        });
        return args;
    }

    /** Our awsglue package, written once under the work directory. */
    private synchronized Path library() throws IOException {
        Path lib = workDir.resolve("python");
        for (String file : PACKAGE) {
            Path target = lib.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = PythonShell.class.getClassLoader().getResourceAsStream("overcast/glue/python/" + file)) {
                Files.write(target, in.readAllBytes());
            }
        }
        return lib;
    }

    @Override
    public void close() {
        processes.values().forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }
}
