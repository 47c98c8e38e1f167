package dev.overcast.flink.runner;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginManager;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * The main class of one Managed Flink application's child JVM: a local Flink cluster (a MiniCluster: JobManager,
 * one TaskManager with as many slots as the application's parallelism) with its REST endpoint and web dashboard. The
 * service submits the application's jar to it through Flink's REST API (upload, run with the savepoint to restore),
 * takes savepoints and stops the job through the same API, exactly as it does with an external session cluster.
 *
 * <p>File systems: Flink's own, and the plugins packed beside this jar in {@code plugins/<name>/} (Flink's S3 file
 * system, configured by the {@code s3.*} entries: the suite's endpoint, path-style access, the application's
 * credentials), each in a class loader of its own as in Flink's distribution, so that checkpoints go to {@code s3://}.
 *
 * <p>Arguments: Flink configuration entries {@code key=value} (parallelism, checkpointing, state backend, REST port…).
 * Prints {@code OVERCAST-FLINK-READY <rest url>} once the cluster serves; stops the cluster on SIGTERM.
 */
public final class FlinkRunner {

    private FlinkRunner() {
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = new Configuration();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            conf.setString(arg.substring(0, eq), arg.substring(eq + 1));
        }
        PluginManager plugins = plugins(conf);
        FileSystem.initialize(conf, plugins);
        int slots = conf.get(TaskManagerOptions.NUM_TASK_SLOTS);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setPluginManager(plugins).setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
        cluster.start();
        URI rest = cluster.getRestAddress().get();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cluster.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "flink-runner-stop"));
        System.out.println("OVERCAST-FLINK-READY " + rest);
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** The plugins in {@code plugins/} beside this runner's jar (none when there is no such folder). */
    private static PluginManager plugins(Configuration conf) throws Exception {
        Path jar = Path.of(FlinkRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path root = jar.resolveSibling("plugins");
        return new DefaultPluginManager(Files.isDirectory(root) ? new DirectoryBasedPluginFinder(root).findPlugins() : List.of(),
                CoreOptions.getPluginParentFirstLoaderPatterns(conf));
    }
}
