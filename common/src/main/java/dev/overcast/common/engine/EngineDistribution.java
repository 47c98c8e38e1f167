package dev.overcast.common.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * An engine's jars as the build left them: a module {@code engine-<name>} resolves the engine from Maven Central and
 * packs its jars as resources under {@code overcast-engines/<name>-<version>/}, beside {@code <name>.properties} (name,
 * version, folder, main class). Nothing of it is loaded into this JVM: the jars are a child JVM's class path.
 *
 * <p>In a build tree the folder is used where it lies; from a packaged jar (the sandbox's {@code lib/}) it is unpacked
 * once into {@code <cache>/<name>-<version>/} (the data directory's {@code engines/}, or {@code OVERCAST_ENGINES_DIR}).
 *
 * @param name      the engine, e.g. {@code kafka}
 * @param version   its version, e.g. {@code 4.4.0}
 * @param mainClass its main class
 * @param directory the folder of its jars
 */
public record EngineDistribution(String name, String version, String mainClass, Path directory) {

    private static final String ROOT = "overcast-engines/";
    private static final String COMPLETE = ".complete";

    /** The class path of a child JVM: every jar of the folder. */
    public String classPath() {
        return directory.resolve("*").toString();
    }

    /**
     * Finds the engine on this JVM's class path (its {@code engine-<name>} module must be a dependency); a packed one
     * is unpacked under {@code cache} first.
     *
     * @throws IllegalStateException when the engine is not part of this build
     */
    public static EngineDistribution locate(String name, Path cache) {
        URL descriptor = EngineDistribution.class.getClassLoader().getResource(ROOT + name + ".properties");
        if (descriptor == null) {
            throw new IllegalStateException("The " + name + " engine is not on the class path: add the module engine-"
                    + name + " (with its dependencies excluded) to the application that starts it");
        }
        Properties p = new Properties();
        try (InputStream in = descriptor.openStream()) {
            p.load(in);
            String folder = p.getProperty("directory");
            Path directory;
            String override = System.getenv("OVERCAST_ENGINES_DIR");
            if (override != null && Files.isDirectory(Path.of(override, folder))) {
                directory = Path.of(override, folder);
            } else if ("file".equals(descriptor.getProtocol())) {
                directory = Path.of(descriptor.toURI()).resolveSibling(folder);
            } else {
                directory = unpack((JarURLConnection) descriptor.openConnection(), folder, cache.resolve(folder));
            }
            try (var jars = Files.newDirectoryStream(directory, "*.jar")) {
                if (!jars.iterator().hasNext()) {
                    throw new IllegalStateException("No jars of the " + name + " engine in " + directory);
                }
            }
            return new EngineDistribution(p.getProperty("name"), p.getProperty("version"), p.getProperty("main-class"), directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the " + name + " engine from " + descriptor, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unpacks the folder's jars once: into a scratch folder first, renamed into place when whole. */
    private static synchronized Path unpack(JarURLConnection connection, String folder, Path target) throws IOException {
        if (Files.exists(target.resolve(COMPLETE))) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path scratch = Files.createTempDirectory(target.getParent(), folder + ".unpacking-");
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            String prefix = ROOT + folder + "/";
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String file = entry.getName().substring(Math.min(prefix.length(), entry.getName().length()));
                if (!entry.isDirectory() && entry.getName().startsWith(prefix) && !file.contains("/")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, scratch.resolve(file));
                    }
                }
            }
        }
        Files.createFile(scratch.resolve(COMPLETE));
        if (Files.exists(target)) { // an interrupted earlier unpack: no .complete in it
            try (var old = Files.walk(target)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
