package dev.overcast.flink.pipeline;

import dev.overcast.common.engine.EngineDistribution;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.springframework.util.FileSystemUtils;

/**
 * Builds a Flink application jar at test time, as a user's build does: the job's source (a test resource) compiled
 * against Flink's API (the engine's jars), packed with the Kinesis connector and the Managed Flink runtime library.
 * A jar is built once per test JVM for each job and code (the test classes share them), compressed at the fastest
 * level (the connector alone is 60 MB).
 */
public final class JobJars {

    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();
    private static Path work;

    private JobJars() {
    }

    /** The jar of {@code jobs/<name>.java} with {@code @CODE@} replaced by {@code code}. */
    public static synchronized Path build(String name, String code) {
        return BUILT.computeIfAbsent(name + "-" + code, k -> build(name, code, folder()));
    }

    /** The folder of this JVM's jars, removed when it exits. */
    private static Path folder() {
        if (work == null) {
            try {
                work = Files.createTempDirectory("overcast-job-jars");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path dir = work;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> FileSystemUtils.deleteRecursively(dir.toFile())));
        }
        return work;
    }

    private static Path build(String name, String code, Path work) {
        try {
            Path src = work.resolve("src-" + code).resolve("jobs");
            Files.createDirectories(src);
            String text;
            try (InputStream in = JobJars.class.getResourceAsStream("/jobs/" + name + ".java")) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@CODE@", code);
            }
            Path file = src.resolve(name + ".java");
            Files.writeString(file, text);
            Path classes = work.resolve("classes-" + code);
            Files.createDirectories(classes);
            List<Path> libraries = libraries();
            List<String> cp = new ArrayList<>();
            try (Stream<Path> engine = Files.list(EngineDistribution.locate("flink", work.resolve("engines")).directory())) {
                engine.filter(j -> j.toString().endsWith(".jar")).forEach(j -> cp.add(j.toString()));
            }
            libraries.forEach(l -> cp.add(l.toString()));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int rc = javac.run(null, null, null, "--release", "17", "-nowarn", "-proc:none",
                    "-cp", String.join(java.io.File.pathSeparator, cp), "-d", classes.toString(), file.toString());
            if (rc != 0) {
                throw new IllegalStateException("could not compile " + file);
            }
            Path jar = work.resolve(name + "-" + code + ".jar");
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "jobs." + name);
            Set<String> seen = new HashSet<>();
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                 Stream<Path> compiled = Files.walk(classes)) {
                out.setLevel(Deflater.BEST_SPEED);
                seen.add("META-INF/MANIFEST.MF");
                for (Path c : compiled.filter(Files::isRegularFile).toList()) {
                    String entry = classes.relativize(c).toString().replace('\\', '/');
                    seen.add(entry);
                    out.putNextEntry(new JarEntry(entry));
                    Files.copy(c, out);
                    out.closeEntry();
                }
                for (Path lib : libraries) {
                    try (JarFile in = new JarFile(lib.toFile())) {
                        for (JarEntry e : java.util.Collections.list(in.entries())) {
                            String n = e.getName();
                            if (e.isDirectory() || n.startsWith("META-INF/") && (n.endsWith(".SF") || n.endsWith(".RSA")
                                    || n.endsWith(".DSA")) || !seen.add(n)) {
                                continue;
                            }
                            out.putNextEntry(new JarEntry(n));
                            try (InputStream is = in.getInputStream(e)) {
                                is.transferTo(out);
                            }
                            out.closeEntry();
                        }
                    }
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a user's build packs beside the job: the connector with its runtime dependencies, the runtime library. */
    private static final List<String> PACKED = List.of("flink-connector-kinesis-", "aws-kinesisanalytics-runtime-",
            "joda-time-", "commons-lang-2", "commons-codec-", "guava-", "failureaccess-");

    /** The packed libraries, from the test class path (their Maven jars). */
    private static List<Path> libraries() {
        List<Path> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String f = Path.of(entry).getFileName().toString();
            if (PACKED.stream().anyMatch(f::startsWith)) {
                out.add(Path.of(entry));
            }
        }
        if (out.size() < PACKED.size()) {
            throw new IllegalStateException("the connector and the runtime library are not on the test class path: " + out);
        }
        return out;
    }
}
