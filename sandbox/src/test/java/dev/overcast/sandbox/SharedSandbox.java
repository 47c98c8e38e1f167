package dev.overcast.sandbox;

import dev.overcast.common.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;

/** A sandbox per test JVM on the shared test database, started on first use. */
final class SharedSandbox {

    private static Sandbox sandbox;

    private SharedSandbox() {
    }

    static synchronized Sandbox get() {
        if (sandbox == null) {
            sandbox = start(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        }
        return sandbox;
    }

    /** A further sandbox with its own settings, on the same database. */
    static Sandbox start(Map<String, Object> extra) {
        TestDatabase.server();
        return Sandbox.start(SandboxOptions.forTests(Path.of("target", "unused-data"), extra)
                .withDatabase(TestDatabase.server().jdbcUrl(null), "postgres", ""));
    }
}
