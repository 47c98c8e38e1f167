package dev.overcast.glue.runner;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The main class of a glueetl run's child JVM: {@code GlueRunner <class> <jars> <job arguments...>}. It configures
 * Spark for local mode and the suite's S3 (s3a, path-style, the run's account as credentials; {@code s3://} served by
 * s3a too) through {@code spark.*} system properties, so that the job's own {@code new SparkContext()} picks them up;
 * loads the job's jars and calls the job class's {@code main(String[])} with Glue's arguments. The exit code tells the
 * Glue service how the run ended. Scala scripts among the files ({@code .scala}) are compiled first, against Spark,
 * the runner and the jars; a script that does not compile ends the run with the compiler's errors.
 */
public final class GlueRunner {

    /** The line the Glue service waits for: the job's main class is about to run. */
    public static final String STARTED = "Overcast Glue runner: running ";

    private GlueRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: GlueRunner <class> <jar-or-script.scala" + File.pathSeparator + "jar...> [--name value ...]");
            System.exit(2);
        }
        RunContext run = RunContext.get();
        configureSpark(run);
        List<Path> jars = new ArrayList<>();
        List<Path> scripts = new ArrayList<>();
        for (String file : args[1].split(File.pathSeparator)) {
            if (!file.isBlank()) {
                (file.endsWith(".scala") ? scripts : jars).add(Path.of(file));
            }
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            urls.add(jar.toUri().toURL());
        }
        if (!scripts.isEmpty()) {
            try {
                Path compiled = ScalaScripts.compile(scripts, List.copyOf(jars), Path.of("classes").toAbsolutePath());
                jars.add(0, compiled);
                urls.add(0, compiled.toUri().toURL());
            } catch (ScalaScripts.CompileError e) {
                System.err.println("Overcast Glue runner: the Scala script did not compile: " + e.getMessage());
                System.exit(4);
                return;
            }
        }
        System.setProperty("spark.jars", String.join(",", jars.stream().map(Path::toString).toList()));
        ClassLoader jobLoader = new URLClassLoader(urls.toArray(URL[]::new), GlueRunner.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(jobLoader);
        Method main;
        try {
            main = Class.forName(args[0], true, jobLoader).getMethod("main", String[].class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            System.err.println("Overcast Glue runner: the job's class " + args[0] + " with a main(String[]) method is not"
                    + " in the job's jars (ScriptLocation and --extra-jars): " + e);
            System.exit(3);
            return;
        }
        if (!Modifier.isStatic(main.getModifiers())) {
            System.err.println("Overcast Glue runner: " + args[0] + ".main is not static");
            System.exit(3);
        }
        String[] jobArgs = Arrays.copyOfRange(args, 2, args.length);
        System.out.println(STARTED + args[0] + " for job " + run.jobName() + ", run " + run.runId());
        System.out.flush();
        int exit = 0;
        try {
            main.invoke(null, (Object) jobArgs);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            cause.printStackTrace();
            System.err.println("Overcast Glue runner: the job failed: " + cause);
            exit = 1;
        } finally {
            stopSpark();
        }
        System.out.flush();
        System.err.flush();
        System.exit(exit);
    }

    private static void configureSpark(RunContext run) {
        set("spark.master", "local[2]");
        set("spark.app.name", run.jobName());
        set("spark.driver.host", "127.0.0.1");
        set("spark.driver.bindAddress", "127.0.0.1");
        set("spark.local.dir", new File("tmp").getAbsolutePath());
        set("spark.sql.warehouse.dir", new File("warehouse").getAbsolutePath());
        settings(run).forEach(GlueRunner::set);
    }

    /**
     * What every run's Spark is given: no UI, few shuffle partitions, dynamic partition overwrite, Snappy Parquet, and
     * s3a (s3:// too) against the suite's S3, path-style, with the run's account as credentials.
     */
    static Map<String, String> settings(RunContext run) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("spark.ui.enabled", "false");
        s.put("spark.sql.shuffle.partitions", "4");
        s.put("spark.sql.sources.partitionOverwriteMode", "dynamic");
        s.put("spark.sql.parquet.compression.codec", "snappy");
        String endpoint = run.s3Endpoint().toString();
        s.put("spark.hadoop.fs.s3a.endpoint", endpoint);
        s.put("spark.hadoop.fs.s3a.endpoint.region", run.region());
        s.put("spark.hadoop.fs.s3a.path.style.access", "true");
        s.put("spark.hadoop.fs.s3a.connection.ssl.enabled", Boolean.toString(endpoint.startsWith("https")));
        s.put("spark.hadoop.fs.s3a.access.key", run.accessKey());
        s.put("spark.hadoop.fs.s3a.secret.key", run.secretKey());
        s.put("spark.hadoop.fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        s.put("spark.hadoop.fs.s3a.change.detection.mode", "none");
        s.put("spark.hadoop.fs.s3a.bucket.probe", "0");
        s.put("spark.hadoop.fs.s3a.attempts.maximum", "3");
        s.put("spark.hadoop.fs.s3a.retry.limit", "3");
        s.put("spark.hadoop.fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
        s.put("spark.hadoop.fs.AbstractFileSystem.s3.impl", "org.apache.hadoop.fs.s3a.S3A");
        return s;
    }

    /**
     * A PySpark run's session, started by pyspark's launcher before our code: the same settings applied to its
     * Hadoop configuration and SQL configuration (called by our Python {@code awsglue.context.GlueContext}).
     */
    public static void configure(SparkSession session) {
        settings(RunContext.get()).forEach((key, value) -> {
            if (key.startsWith("spark.hadoop.")) {
                session.sparkContext().hadoopConfiguration().set(key.substring("spark.hadoop.".length()), value);
            } else if (key.startsWith("spark.sql.")) {
                session.conf().set(key, value);
            }
        });
    }

    private static void set(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Stops the job's SparkContext if it left one running, so that the JVM can end. */
    private static void stopSpark() {
        scala.Option<org.apache.spark.sql.SparkSession> session = org.apache.spark.sql.SparkSession.getDefaultSession();
        if (session.isDefined()) {
            session.get().stop();
        }
    }
}
