package dev.overcast.common.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java an engine's child JVM runs on. An engine may declare the Java feature versions it supports
 * ({@code java-min}, {@code java-max} in its descriptor, e.g. Flink 1.19 with Hadoop's S3 file system: 11 to 21); the
 * child then runs on this JVM's Java when it is in that range, else on the newest Java in range found on the machine:
 * the homes named in {@code OVERCAST_ENGINE_JDKS} (a path list), {@code JAVA_HOME}, then the usual install folders
 * ({@code /usr/lib/jvm}, {@code /usr/java}, {@code /opt/java}, macOS's {@code /Library/Java/JavaVirtualMachines}). A
 * Java's feature version is read from its home's {@code release} file.
 */
public final class JavaRuntimes {

    /** Where JDKs and JREs are installed, searched after OVERCAST_ENGINE_JDKS and JAVA_HOME. */
    static final List<Path> INSTALL_FOLDERS = List.of(Path.of("/usr/lib/jvm"), Path.of("/usr/java"), Path.of("/opt/java"),
            Path.of("/Library/Java/JavaVirtualMachines"));

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?(?:1\\.)?(\\d+)");
    private static final Map<Range, Path> CHOSEN = new ConcurrentHashMap<>();

    /**
     * The Java feature versions an engine runs on, each bound inclusive; 0 for no bound.
     *
     * @param min the oldest, e.g. 11
     * @param max the newest, e.g. 21
     */
    public record Range(int min, int max) {

        /** Any Java: the engine runs on the service's own. */
        public static final Range ANY = new Range(0, 0);

        /** From an engine descriptor's {@code java-min} and {@code java-max} (either may be missing or blank). */
        public static Range of(String min, String max) {
            return new Range(parse(min), parse(max));
        }

        private static int parse(String v) {
            return v == null || v.isBlank() ? 0 : Integer.parseInt(v.strip());
        }

        public boolean accepts(int feature) {
            return (min == 0 || feature >= min) && (max == 0 || feature <= max);
        }

        @Override
        public String toString() {
            return min == 0 && max == 0 ? "any Java" : min == 0 ? "Java " + max + " or older"
                    : max == 0 ? "Java " + min + " or newer" : "Java " + min + " to " + max;
        }
    }

    private JavaRuntimes() {
    }

    /**
     * The {@code java} command for an engine that runs on {@code range}: this JVM's when it is in range, else the
     * newest Java in range found on the machine (chosen once per range).
     *
     * @throws IllegalStateException when no Java in range is found, saying where it looked and how to provide one
     */
    public static Path java(String engine, Range range) {
        int own = Runtime.version().feature();
        if (range.accepts(own)) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        Path home = CHOSEN.computeIfAbsent(range, r -> find(r, candidates(System::getenv, INSTALL_FOLDERS)).orElse(null));
        if (home == null) {
            throw new IllegalStateException("The " + engine + " engine runs on " + range + ", and this service runs on Java "
                    + own + "; no " + range + " was found in OVERCAST_ENGINE_JDKS, JAVA_HOME or " + INSTALL_FOLDERS
                    + ". Install one (for example OpenJDK 17 or 21) or name its home in OVERCAST_ENGINE_JDKS.");
        }
        return home.resolve("bin").resolve("java");
    }

    /** The homes to consider, in order: OVERCAST_ENGINE_JDKS's, JAVA_HOME, then every folder in the install folders. */
    static List<Path> candidates(Function<String, String> env, List<Path> installFolders) {
        Set<Path> homes = new LinkedHashSet<>();
        String named = env.apply("OVERCAST_ENGINE_JDKS");
        if (named != null) {
            for (String h : named.split(java.io.File.pathSeparator)) {
                if (!h.isBlank()) {
                    homes.add(Path.of(h.strip()));
                }
            }
        }
        String javaHome = env.apply("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            homes.add(Path.of(javaHome.strip()));
        }
        for (Path folder : installFolders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> children = Files.list(folder)) {
                children.sorted().forEach(c -> {
                    homes.add(c);
                    homes.add(c.resolve("Contents").resolve("Home")); // macOS bundles
                });
            } catch (IOException e) {
                // an unreadable folder holds nothing we can run
            }
        }
        return new ArrayList<>(homes);
    }

    /** The newest candidate home in range with a {@code bin/java}; the first of equals wins. */
    static Optional<Path> find(Range range, List<Path> homes) {
        Path best = null;
        int bestFeature = -1;
        for (Path home : homes) {
            int feature = feature(home);
            if (feature > bestFeature && range.accepts(feature) && Files.isExecutable(home.resolve("bin").resolve("java"))) {
                best = home;
                bestFeature = feature;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The feature version of the Java at {@code home} (from its {@code release} file), or -1. */
    static int feature(Path home) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
