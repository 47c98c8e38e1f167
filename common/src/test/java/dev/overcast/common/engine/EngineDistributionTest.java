package dev.overcast.common.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A packed engine is unpacked once (its sub-folders too, such as Flink's plugins), and again when the build packs other
 * jars under the same version.
 */
class EngineDistributionTest {

    @TempDir
    Path dir;

    private JarURLConnection packed(String name, String... jars) throws Exception {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("overcast-engines/demo.properties"));
            out.write("directory=demo-1\n".getBytes(StandardCharsets.UTF_8));
            for (String j : jars) {
                out.putNextEntry(new JarEntry("overcast-engines/demo-1/" + j));
                out.write(j.getBytes(StandardCharsets.UTF_8));
            }
        }
        return (JarURLConnection) URI.create("jar:" + jar.toUri() + "!/overcast-engines/demo.properties").toURL().openConnection();
    }

    @Test
    void unpackedOnceAndAgainWhenThePackedJarsChange() throws Exception {
        Path cache = dir.resolve("cache").resolve("demo-1");
        Path first = EngineDistribution.unpack(packed("v1.jar", "a.jar"), "demo-1", cache);
        assertThat(first.resolve("a.jar")).hasContent("a.jar");
        Files.writeString(first.resolve("kept"), "an unpack left alone");

        EngineDistribution.unpack(packed("v1-again.jar", "a.jar"), "demo-1", cache);
        assertThat(cache.resolve("kept")).exists();

        Path second = EngineDistribution.unpack(packed("v2.jar", "a.jar", "plugin.jar"), "demo-1", cache);
        assertThat(second.resolve("plugin.jar")).hasContent("plugin.jar");
        assertThat(second.resolve("a.jar")).exists();
        assertThat(second.resolve("kept")).doesNotExist();
    }

    @Test
    void subFoldersAreUnpackedButStayOffTheClassPath() throws Exception {
        Path cache = dir.resolve("cache").resolve("demo-1");
        Path unpacked = EngineDistribution.unpack(packed("plugins.jar", "a.jar", "plugins/s3/s3-fs.jar"), "demo-1", cache);
        assertThat(unpacked.resolve("a.jar")).hasContent("a.jar");
        assertThat(unpacked.resolve("plugins/s3/s3-fs.jar")).hasContent("plugins/s3/s3-fs.jar");
        assertThat(new EngineDistribution("demo", "1", "Main", unpacked).classPath()).isEqualTo(unpacked.resolve("*").toString());
    }
}
