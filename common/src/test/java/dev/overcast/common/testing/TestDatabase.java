package dev.overcast.common.testing;

import dev.overcast.common.db.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** One embedded PostgreSQL per test JVM, on a throw-away data directory; each service uses its own schema. */
public final class TestDatabase {

    private static EmbeddedPostgresServer server;

    private TestDatabase() {
    }

    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("overcast-test-pg");
                server = EmbeddedPostgresServer.start(dir.resolve("data"), 0);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    server.close();
                    deleteRecursively(dir);
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** JDBC URL with {@code currentSchema} set to the service's schema. */
    public static String jdbcUrl(String schema) {
        return server().jdbcUrl(schema);
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
