package dev.overcast.common.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that declares the Java versions it runs on gets this JVM's Java when it is among them, else the newest
 * Java in range found on the machine (OVERCAST_ENGINE_JDKS, JAVA_HOME, the install folders), else a clear error.
 */
class JavaRuntimesTest {

    @TempDir
    Path dir;

    /** A Java home as installers leave one: a release file and an executable bin/java. */
    private Path home(String name, String version) throws Exception {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\nOS_NAME=\"Linux\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    @Test
    void rangesFromTheDescriptor() {
        JavaRuntimes.Range flink = JavaRuntimes.Range.of("11", "21");
        assertThat(flink.accepts(17)).isTrue();
        assertThat(flink.accepts(21)).isTrue();
        assertThat(flink.accepts(25)).isFalse();
        assertThat(flink.accepts(8)).isFalse();
        assertThat(JavaRuntimes.Range.of(null, " ")).isEqualTo(JavaRuntimes.Range.ANY);
        assertThat(JavaRuntimes.Range.ANY.accepts(25)).isTrue();
        assertThat(flink).hasToString("Java 11 to 21");
    }

    @Test
    void theFeatureVersionIsReadFromTheReleaseFile() throws Exception {
        assertThat(JavaRuntimes.feature(home("jdk17", "17.0.15"))).isEqualTo(17);
        assertThat(JavaRuntimes.feature(home("jdk8", "1.8.0_402"))).isEqualTo(8);
        assertThat(JavaRuntimes.feature(home("jdk25", "25"))).isEqualTo(25);
        assertThat(JavaRuntimes.feature(dir.resolve("nothing"))).isEqualTo(-1);
    }

    @Test
    void theNewestJavaInRangeIsChosenFromTheNamedHomesJavaHomeAndTheInstallFolders() throws Exception {
        Path named = home("named-17", "17.0.2");
        Path javaHome = home("java-home-25", "25.0.1");
        Path installs = Files.createDirectories(dir.resolve("jvm"));
        Files.move(home("temurin-21", "21.0.4"), installs.resolve("temurin-21"));
        Files.move(home("openjdk-11", "11.0.22"), installs.resolve("openjdk-11"));
        Files.createDirectories(installs.resolve("no-java-here"));

        List<Path> candidates = JavaRuntimes.candidates(Map.of("OVERCAST_ENGINE_JDKS", named.toString(),
                "JAVA_HOME", javaHome.toString())::get, List.of(installs, dir.resolve("missing")));
        assertThat(candidates).startsWith(named, javaHome).contains(installs.resolve("temurin-21"), installs.resolve("openjdk-11"));

        assertThat(JavaRuntimes.find(JavaRuntimes.Range.of("11", "21"), candidates)).contains(installs.resolve("temurin-21"));
        assertThat(JavaRuntimes.find(JavaRuntimes.Range.of("11", "17"), candidates)).contains(named);
        assertThat(JavaRuntimes.find(JavaRuntimes.Range.of("22", ""), candidates)).contains(javaHome);
        assertThat(JavaRuntimes.find(JavaRuntimes.Range.of("", "10"), candidates)).isEmpty();
    }

    @Test
    void thisJvmsJavaWhenInRangeElseAClearError() {
        int own = Runtime.version().feature();
        assertThat(JavaRuntimes.java("demo", JavaRuntimes.Range.ANY))
                .isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java"));
        assertThat(JavaRuntimes.java("demo", new JavaRuntimes.Range(own, own)))
                .isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java"));
        assertThatThrownBy(() -> JavaRuntimes.java("demo", new JavaRuntimes.Range(1, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The demo engine runs on Java 1 to 1, and this service runs on Java " + own)
                .hasMessageContaining("OVERCAST_ENGINE_JDKS");
    }
}
