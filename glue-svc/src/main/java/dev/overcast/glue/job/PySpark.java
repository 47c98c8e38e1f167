package dev.overcast.glue.job;

import dev.overcast.glue.store.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.glue.model.Job;
import software.amazon.awssdk.services.glue.model.JobRun;

/**
 * Runs a PySpark {@code glueetl} script (ScriptLocation a {@code .py} file) on a Python that has {@code pyspark}: the
 * script runs as a Python shell job does (our {@code awsglue} on PYTHONPATH, Glue's arguments), and pyspark's own
 * launcher starts the driver JVM with spark-submit against engine-spark's jars (a SPARK_HOME of pyspark's
 * {@code bin} and the engine's folder as {@code jars}), in local mode, with the run's properties for the runner our
 * {@code awsglue} delegates to. Without pyspark the run fails saying so.
 */
final class PySpark {

    private final SparkJobs spark;
    private final PythonShell shell;
    private final String python;
    private final Path workDir;
    private final String heap;

    PySpark(SparkJobs spark, PythonShell shell, String python, Path workDir, String heap) {
        this.spark = spark;
        this.shell = shell;
        this.python = python;
        this.workDir = workDir;
        this.heap = heap;
    }

    SparkJobs.Outcome run(Scope s, Job job, JobRun run, String bookmarkState, Duration timeout, Consumer<String> log) {
        String found = locate();
        if (!found.startsWith("/")) {
            return SparkJobs.failed("PySpark glueetl scripts need a Python with pyspark, and " + found
                    + ": install pyspark for that Python (OVERCAST_GLUE_PYTHON names it) or write the job in Scala or"
                    + " Java (a .scala script or a jar, with --class), which run on Spark here");
        }
        try {
            Path home = Files.createDirectories(SparkJobs.home(workDir, run.id()));
            Path bookmarkIn = home.resolve("bookmark-in.json");
            Path bookmarkOut = home.resolve("bookmark-out.json");
            Files.writeString(bookmarkIn, bookmarkState == null ? "" : bookmarkState);
            Files.deleteIfExists(bookmarkOut);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SPARK_HOME", sparkHome(Path.of(found)).toString());
            env.put("PYSPARK_PYTHON", python);
            env.put("PYSPARK_DRIVER_PYTHON", python);
            String properties = spark.runProperties(s, job, run, bookmarkIn, bookmarkOut).stream()
                    .map(p -> p.replace("'", "")).collect(Collectors.joining(" "));
            env.put("PYSPARK_SUBMIT_ARGS", "--master local[2] --driver-memory " + heap + " --driver-java-options '"
                    + properties + " -Djava.io.tmpdir=" + home.resolve("tmp") + "' pyspark-shell");
            Files.createDirectories(home.resolve("tmp"));
            PythonShell.Result result = shell.run(s, job, run, timeout, log, env);
            Optional<String> bookmark = result.exitCode() == 0 && Files.exists(bookmarkOut)
                    ? Optional.of(Files.readString(bookmarkOut)) : Optional.empty();
            return new SparkJobs.Outcome(result, bookmark);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder of the Python's pyspark package, or why there is none (text not starting with '/'). */
    private String locate() {
        try {
            Process p = new ProcessBuilder(python, "-c", "import os, pyspark; print(os.path.dirname(pyspark.__file__))")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            if (p.exitValue() == 0 && out.startsWith("/")) {
                return out.lines().reduce((a, b) -> b).orElse(out);
            }
            String last = out.lines().reduce((a, b) -> b).orElse("exit " + p.exitValue());
            return python + " has no pyspark (" + last + ")";
        } catch (IOException e) {
            return python + " could not be run (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the check for pyspark was interrupted";
        }
    }

    /** pyspark's launcher scripts with the engine's jars (Spark, hadoop-aws, the runner) as Spark's jars folder. */
    private synchronized Path sparkHome(Path pyspark) throws IOException {
        Path home = workDir.resolve("engines").resolve("pyspark-home-" + ProcessHandle.current().pid());
        Files.createDirectories(home);
        for (Map.Entry<String, Path> link : Map.of("bin", pyspark.resolve("bin"),
                "jars", spark.distribution().directory().toAbsolutePath()).entrySet()) {
            Path at = home.resolve(link.getKey());
            Files.deleteIfExists(at);
            Files.createSymbolicLink(at, link.getValue());
        }
        return home;
    }

    static List<String> files() {
        return List.of("awsglue/context.py", "awsglue/dynamicframe.py", "awsglue/job.py", "awsglue/transforms.py");
    }
}
