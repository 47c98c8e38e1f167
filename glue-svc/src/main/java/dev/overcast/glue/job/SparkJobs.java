package dev.overcast.glue.job;

import dev.overcast.common.engine.EngineDistribution;
import dev.overcast.common.engine.EngineProcess;
import dev.overcast.glue.store.Scope;
import dev.overcast.glue.store.SuiteClients;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.glue.model.Job;
import software.amazon.awssdk.services.glue.model.JobRun;

/**
 * Runs a {@code glueetl} job run on Apache Spark in local mode: one child JVM per run, started through common's engine
 * launcher with the jars of {@code engine-spark} and our Glue runner (GlueContext, DynamicFrame, Job). The job is a jar
 * or a Scala script (compiled by the runner) in S3 (ScriptLocation, with {@code --extra-jars}) whose {@code --class}
 * has a {@code main(String[])}; a Python script runs with pyspark ({@link PySpark}); the child
 * reaches the suite's Glue API (catalog tables) and S3 (s3a, path-style) as the run's account. The child's output is
 * the run's log; its exit code tells how the run ended; with job bookmarks the state it commits is handed back.
 */
@Component
public class SparkJobs implements AutoCloseable {

    static final String ENGINE = "spark";
    /** What the runner prints right before the job's main method runs (GlueRunner.STARTED). */
    private static final String STARTED = "Overcast Glue runner: running ";
    private static final String FAILED = "Overcast Glue runner: ";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    /** How a run ended, with the bookmark state its Job.commit() wrote (empty without one). */
    record Outcome(PythonShell.Result result, Optional<String> bookmark) {
    }

    private final SuiteClients clients;
    private final Environment environment;
    private final String glueUrl;
    private final Path workDir;
    private final String heap;
    private final String runnerClassPath;
    private final PySpark pyspark;
    private final Map<String, EngineProcess> processes = new ConcurrentHashMap<>();
    /** Runs asked to stop while their child was still starting: stopped as soon as it is up. */
    private final java.util.Set<String> stopping = ConcurrentHashMap.newKeySet();
    /** The runs of this replica on their way to or in a child. */
    private final java.util.Set<String> active = ConcurrentHashMap.newKeySet();
    private volatile EngineDistribution spark;

    public SparkJobs(SuiteClients clients, Environment environment,
                     @Value("${overcast.glue.glue-url:}") String glueUrl,
                     @Value("${overcast.glue.python:python3}") String python,
                     @Value("${overcast.glue.work-dir}") String workDir,
                     @Value("${overcast.glue.spark-heap:1g}") String heap,
                     @Value("${overcast.glue.runner-classpath:}") String runnerClassPath, PythonShell shell) {
        this.clients = clients;
        this.environment = environment;
        this.glueUrl = glueUrl;
        this.workDir = Path.of(workDir);
        this.heap = heap;
        this.runnerClassPath = runnerClassPath;
        this.pyspark = new PySpark(this, shell, python, this.workDir, heap);
    }

    static Path home(Path workDir, String runId) {
        return workDir.resolve("runs").resolve(runId);
    }

    Path home(String runId) {
        return home(workDir, runId);
    }

    Outcome run(Scope s, Job job, JobRun run, String bookmarkState, Duration timeout, Consumer<String> log) {
        String script = job.command().scriptLocation();
        if (script == null || script.isBlank()) {
            return failed("The job has no Command.ScriptLocation");
        }
        String lower = script.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".py")) {
            return pyspark.run(s, job, run, bookmarkState, timeout, log);
        }
        String mainClass = run.arguments().get("--class");
        if (mainClass == null || mainClass.isBlank()) {
            return failed("A Scala/Java glueetl job needs the argument --class (the class with main(String[])) for "
                    + script);
        }
        Path home = home(run.id());
        EngineProcess process = null;
        active.add(run.id());
        try {
            Files.createDirectories(home);
            List<String> jars = new ArrayList<>();
            jars.add(fetch(s, script, home, 0).toString());
            String extra = run.arguments().getOrDefault("--extra-jars", "");
            int n = 1;
            for (String jar : extra.split(",")) {
                if (!jar.isBlank()) {
                    jars.add(fetch(s, jar.strip(), home, n++).toString());
                }
            }
            Path bookmarkIn = home.resolve("bookmark-in.json");
            Path bookmarkOut = home.resolve("bookmark-out.json");
            Files.writeString(bookmarkIn, bookmarkState == null ? "" : bookmarkState);
            Files.deleteIfExists(bookmarkOut);
            List<String> jvm = new ArrayList<>(jvmOptions());
            jvm.add("-Xmx" + heap);
            jvm.addAll(runProperties(s, job, run, bookmarkIn, bookmarkOut));
            List<String> args = new ArrayList<>(List.of(mainClass, String.join(File.pathSeparator, jars)));
            args.addAll(PythonShell.glueArguments(job, run));
            EngineProcess.Spec spec = new EngineProcess.Spec(ENGINE, home, distribution(), jvm, args,
                    line -> line.startsWith(STARTED), timeout, STOP_GRACE);
            Path logFile = home.resolve(ENGINE + ".log");
            LogFollower follower = new LogFollower(logFile, log);
            Thread following = Thread.ofVirtual().start(follower);
            try {
                process = EngineProcess.start(spec);
                processes.put(run.id(), process);
                if (stopping.contains(run.id())) {
                    process.stop();
                }
                OptionalInt exit = process.awaitExit(timeout);
                if (exit.isEmpty()) {
                    process.stop();
                }
                process.stop(); // reaps it and removes its pid file
                follower.finish(following);
                String error = exit.isPresent() && exit.getAsInt() != 0 ? follower.error() : null;
                Optional<String> bookmark = exit.isPresent() && exit.getAsInt() == 0 && Files.exists(bookmarkOut)
                        ? Optional.of(Files.readString(bookmarkOut)) : Optional.empty();
                return new Outcome(new PythonShell.Result(exit.orElse(-1), exit.isEmpty(), error), bookmark);
            } catch (IllegalStateException e) { // the child ended (or hung) before the job's class ran
                follower.finish(following);
                return new Outcome(new PythonShell.Result(1, false, follower.error() != null ? follower.error()
                        : firstLine(e.getMessage())), Optional.empty());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            processes.remove(run.id());
            active.remove(run.id());
            stopping.remove(run.id());
            if (process != null) {
                process.stop();
            }
        }
    }

    static Outcome failed(String message) {
        return new Outcome(new PythonShell.Result(1, false, message), Optional.empty());
    }

    private static String firstLine(String text) {
        return text == null ? "The Spark run failed" : text.lines().findFirst().orElse(text);
    }

    /** What the runner's RunContext reads: the suite's endpoints, the run's account, job, run and bookmark files. */
    List<String> runProperties(Scope s, Job job, JobRun run, Path bookmarkIn, Path bookmarkOut) {
        List<String> jvm = new ArrayList<>();
        property(jvm, "endpoint", glueEndpoint());
        property(jvm, "s3-endpoint", clients.s3Endpoint().toString());
        property(jvm, "region", s.region());
        var credentials = clients.credentials(s);
        property(jvm, "access-key", credentials.accessKeyId());
        property(jvm, "secret-key", credentials.secretAccessKey());
        property(jvm, "job-name", job.name());
        property(jvm, "run-id", run.id());
        property(jvm, "bookmark-option", run.arguments().getOrDefault("--job-bookmark-option", "job-bookmark-disable"));
        property(jvm, "bookmark-in", bookmarkIn.toString());
        property(jvm, "bookmark-out", bookmarkOut.toString());
        return jvm;
    }

    private static void property(List<String> jvm, String name, String value) {
        jvm.add("-Dovercast.glue." + name + "=" + value);
    }

    /** What Spark needs of the JDK (as its own launcher passes it on 17+), and the job's temporary files in its home. */
    private static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(List.of("-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseSerialGC",
                "-Djdk.reflect.useDirectMethodHandle=false",
                "-Dio.netty.tryReflectionSetAccessible=true", "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=tmp"));
        for (String pkg : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
                "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch",
                "sun.nio.cs", "sun.security.action", "sun.util.calendar")) {
            options.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
        }
        return options;
    }

    private Path fetch(Scope s, String location, Path home, int n) {
        String name = location.substring(location.lastIndexOf('/') + 1);
        // a Scala script keeps its name (the compiler's messages name it); jars are numbered, in class path order
        Path target = home.resolve("jars").resolve(name.endsWith(".scala") ? name : n + "-" + (name.isEmpty() ? "job.jar" : name));
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clients.download(s, location, target);
        return target;
    }

    private String glueEndpoint() {
        if (glueUrl != null && !glueUrl.isBlank()) {
            return glueUrl;
        }
        return "http://127.0.0.1:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "4576"));
    }

    /**
     * Spark's jars and the runner. With {@code overcast.glue.runner-classpath} (jars: a runner built apart from the
     * engine, and the Scala compiler it needs) the child's folder is the engine's with those jars in place of the
     * packed runner, as links in a folder of its own.
     */
    synchronized EngineDistribution distribution() {
        if (spark == null) {
            EngineDistribution packed = EngineDistribution.locate(ENGINE, workDir.resolve("engines"));
            spark = runnerClassPath.isBlank() ? packed : overlay(packed);
        }
        return spark;
    }

    private EngineDistribution overlay(EngineDistribution packed) {
        List<Path> runner = new ArrayList<>();
        for (String entry : runnerClassPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                Path jar = Path.of(entry).toAbsolutePath();
                if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
                    throw new IllegalStateException("overcast.glue.runner-classpath names " + entry + ", which is not a jar");
                }
                runner.add(jar);
            }
        }
        List<String> replaced = runner.stream().map(j -> artifact(j.getFileName().toString())).toList();
        Path dir = workDir.resolve("engines").resolve(packed.directory().getFileName() + "-runner-" + ProcessHandle.current().pid());
        try {
            if (Files.exists(dir)) {
                try (var old = Files.list(dir)) {
                    for (Path f : old.toList()) {
                        Files.delete(f);
                    }
                }
            }
            Files.createDirectories(dir);
            try (var jars = Files.newDirectoryStream(packed.directory(), "*.jar")) {
                for (Path jar : jars) {
                    String name = jar.getFileName().toString();
                    if (!name.startsWith("glue-runner-") && !replaced.contains(artifact(name))) {
                        Files.createSymbolicLink(dir.resolve(name), jar.toAbsolutePath());
                    }
                }
            }
            for (Path jar : runner) {
                Files.createSymbolicLink(dir.resolve(jar.getFileName()), jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not lay out the Spark engine with the runner of " + runnerClassPath, e);
        }
        return new EngineDistribution(packed.name(), packed.version(), packed.mainClass(), dir);
    }

    /** A jar's artifact name without its version: {@code scala-compiler-2.13.18.jar} → {@code scala-compiler}. */
    private static String artifact(String file) {
        return file.replaceAll("-\\d.*$", "").replaceAll("\\.jar$", "");
    }

    /** Stops a run's child (BatchStopJobRun), or has it stopped once it is up when it is still starting. */
    void stop(String runId) {
        if (!active.contains(runId)) {
            return;
        }
        stopping.add(runId);
        EngineProcess p = processes.get(runId);
        if (p != null) {
            p.stop();
        }
    }

    @Override
    public void close() {
        processes.values().forEach(EngineProcess::stop);
        EngineDistribution laid = spark;
        if (laid != null && !runnerClassPath.isBlank()) { // this process's folder of links
            try (var links = Files.list(laid.directory())) {
                for (Path link : links.toList()) {
                    Files.deleteIfExists(link);
                }
                Files.deleteIfExists(laid.directory());
            } catch (IOException e) {
                // left for the next start of this pid to replace
            }
        }
    }

    /** Copies the child's log file into the run's log as it grows, and remembers the runner's failure line. */
    private static final class LogFollower implements Runnable {

        private final Path file;
        private final Consumer<String> log;
        private volatile boolean done;
        private volatile String error;

        LogFollower(Path file, Consumer<String> log) {
            this.file = file;
            this.log = log;
        }

        String error() {
            return error;
        }

        void finish(Thread thread) {
            done = true;
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            long offset = 0;
            StringBuilder partial = new StringBuilder();
            byte[] buffer = new byte[64 * 1024];
            while (true) {
                boolean last = done;
                try {
                    if (Files.exists(file)) {
                        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                            in.seek(offset);
                            int n;
                            while ((n = in.read(buffer)) > 0) {
                                offset += n;
                                String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
                                log.accept(text);
                                partial.append(text);
                                remember(partial);
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the next round reads on
                }
                if (last) {
                    return;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void remember(StringBuilder partial) {
            int newline;
            while ((newline = partial.indexOf("\n")) >= 0) {
                String line = partial.substring(0, newline);
                partial.delete(0, newline + 1);
                int at = line.indexOf(FAILED);
                if (at >= 0 && !line.startsWith(STARTED, at)) {
                    error = line.substring(at + FAILED.length());
                }
            }
        }
    }
}
