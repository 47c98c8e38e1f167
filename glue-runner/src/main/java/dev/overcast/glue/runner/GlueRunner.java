package dev.overcast.glue.runner;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of a glueetl run's child JVM: {@code GlueRunner <class> <jars> <job arguments...>}. It configures
 * Spark for local mode and the suite's S3 (s3a, path-style, the run's account as credentials; {@code s3://} served by
 * s3a too) through {@code spark.*} system properties, so that the job's own {@code new SparkContext()} picks them up;
 * loads the job's jars and calls the job class's {@code main(String[])} with Glue's arguments. The exit code tells the
 * Glue service how the run ended.
 */
public final class GlueRunner {

    /** The line the Glue service waits for: the job's main class is about to run. */
    public static final String STARTED = "Overcast Glue runner: running ";

    private GlueRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: GlueRunner <class> <jar" + File.pathSeparator + "jar...> [--name value ...]");
            System.exit(2);
        }
        RunContext run = RunContext.get();
        configureSpark(run);
        List<URL> urls = new ArrayList<>();
        for (String jar : args[1].split(File.pathSeparator)) {
            if (!jar.isBlank()) {
                urls.add(new File(jar).toURI().toURL());
            }
        }
        System.setProperty("spark.jars", String.join(",", Arrays.stream(args[1].split(File.pathSeparator))
                .filter(j -> !j.isBlank()).toList()));
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
        set("spark.ui.enabled", "false");
        set("spark.driver.host", "127.0.0.1");
        set("spark.driver.bindAddress", "127.0.0.1");
        set("spark.sql.shuffle.partitions", "4");
        set("spark.sql.sources.partitionOverwriteMode", "dynamic");
        set("spark.sql.parquet.compression.codec", "snappy");
        set("spark.local.dir", new File("tmp").getAbsolutePath());
        set("spark.sql.warehouse.dir", new File("warehouse").getAbsolutePath());
        String endpoint = run.s3Endpoint().toString();
        set("spark.hadoop.fs.s3a.endpoint", endpoint);
        set("spark.hadoop.fs.s3a.endpoint.region", run.region());
        set("spark.hadoop.fs.s3a.path.style.access", "true");
        set("spark.hadoop.fs.s3a.connection.ssl.enabled", Boolean.toString(endpoint.startsWith("https")));
        set("spark.hadoop.fs.s3a.access.key", run.accessKey());
        set("spark.hadoop.fs.s3a.secret.key", run.secretKey());
        set("spark.hadoop.fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        set("spark.hadoop.fs.s3a.change.detection.mode", "none");
        set("spark.hadoop.fs.s3a.bucket.probe", "0");
        set("spark.hadoop.fs.s3a.attempts.maximum", "3");
        set("spark.hadoop.fs.s3a.retry.limit", "3");
        set("spark.hadoop.fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
        set("spark.hadoop.fs.AbstractFileSystem.s3.impl", "org.apache.hadoop.fs.s3a.S3A");
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
