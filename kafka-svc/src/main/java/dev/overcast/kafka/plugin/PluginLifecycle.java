package dev.overcast.kafka.plugin;

import dev.overcast.kafka.plugin.CustomPluginStore.StoredPlugin;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A new custom plugin is CREATING while its file is read from S3, then ACTIVE (with the file's MD5 and size), or
 * CREATE_FAILED with a StateDescription when it cannot be read. A read cut short by a restart is done again.
 */
@Component
public class PluginLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PluginLifecycle.class);

    private final CustomPluginStore plugins;
    private final PluginFiles files;
    private final ExecutorService work = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "msk-connect-plugin-read");
        t.setDaemon(true);
        return t;
    });

    public PluginLifecycle(CustomPluginStore plugins, PluginFiles files) {
        this.plugins = plugins;
        this.files = files;
    }

    public void read(StoredPlugin p) {
        work.submit(() -> {
            try {
                PluginFiles.Read read = files.fetch(p);
                if (!plugins.activate(p.arn(), p.location().objectVersion() != null ? p.location().objectVersion()
                        : read.objectVersion(), read.md5(), read.size())) {
                    files.remove(p); // deleted while it was read
                }
            } catch (RuntimeException e) {
                log.warn("Custom plugin {} could not be read", p.arn(), e);
                plugins.fail(p.arn(), "S3_OBJECT_NOT_FOUND".equals(code(e)) ? code(e) : "INVALID_PLUGIN", e.getMessage());
            }
        });
    }

    private static String code(RuntimeException e) {
        return e.getMessage() != null && (e.getMessage().endsWith("NoSuchKey") || e.getMessage().endsWith("NoSuchBucket")
                || e.getMessage().endsWith("NoSuchVersion")) ? "S3_OBJECT_NOT_FOUND" : "INVALID_PLUGIN";
    }

    @EventListener(ApplicationReadyEvent.class)
    public void restore() {
        plugins.creating().forEach(this::read);
    }

    @PreDestroy
    void shutdown() {
        work.shutdownNow();
    }
}
