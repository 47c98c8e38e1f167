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
 * once into {@code <cache>/<name>-<version>/} (the data directory's {@code engines/}, or {@code OVERCAST_ENGINES_DIR}),
 * with its sub-folders (plugins an engine loads itself, such as Flink's file systems; they are not on the class path).
 *
 * @param name      the engine, e.g. {@code kafka}
 * @param version   its version, e.g. {@code 4.4.0}
 * @param mainClass its main class
 * @param directory the folder of its jars
 * @param javaVersions the Java versions it runs on ({@code java-min}, {@code java-max} in its descriptor; see
 *                  {@link JavaRuntimes})
 */
public record EngineDistribution(String name, String version, String mainClass, Path directory, JavaRuntimes.Range javaVersions) {

    private static final String ROOT = "overcast-engines/";
    private static final String COMPLETE = ".complete";

    /** An engine that runs on any Java. */
    public EngineDistribution(String name, String version, String mainClass, Path directory) {
        this(name, version, mainClass, directory, JavaRuntimes.Range.ANY);
    }

    /** The {@code java} command its child JVM runs with (see {@link JavaRuntimes#java}). */
    public Path javaCommand() {
        return JavaRuntimes.java(name, javaVersions);
    }

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
            return new EngineDistribution(p.getProperty("name"), p.getProperty("version"), p.getProperty("main-class"), directory,
                    JavaRuntimes.Range.of(p.getProperty("java-min"), p.getProperty("java-max")));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the " + name + " engine from " + descriptor, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Unpacks the folder's files (its sub-folders' too) once: into a scratch folder first, renamed into place when whole.
     * The marker of a whole unpack lists the files; an earlier unpack whose list differs from what is packed now (a build that added a jar,
     * such as a broker plugin, under the same version) is unpacked again.
     */
    static synchronized Path unpack(JarURLConnection connection, String folder, Path target) throws IOException {
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            String prefix = ROOT + folder + "/";
            java.util.List<JarEntry> packed = new java.util.ArrayList<>();
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                    packed.add(entry);
                }
            }
            String list = packed.stream().map(e -> e.getName().substring(prefix.length()) + " " + e.getSize()).sorted()
                    .collect(java.util.stream.Collectors.joining("\n"));
            Path marker = target.resolve(COMPLETE);
            if (Files.exists(marker) && Files.readString(marker).strip().equals(list.strip())) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path scratch = Files.createTempDirectory(target.getParent(), folder + ".unpacking-");
            for (JarEntry entry : packed) {
                Path file = scratch.resolve(entry.getName().substring(prefix.length())).normalize();
                if (!file.startsWith(scratch)) {
                    throw new IOException("Entry outside the engine's folder: " + entry.getName());
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, file);
                }
            }
            Files.writeString(scratch.resolve(COMPLETE), list);
            return install(scratch, target);
        }
    }

    /** Moves a whole unpack into place, over an earlier or interrupted one. */
    private static Path install(Path scratch, Path target) throws IOException {
        if (Files.exists(target)) { // an earlier unpack of other jars, or an interrupted one
            try (var old = Files.walk(target)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
