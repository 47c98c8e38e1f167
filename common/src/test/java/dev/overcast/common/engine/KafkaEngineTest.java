package dev.overcast.common.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka cluster ids that kafka-storage format takes; when a version's class data archive can be mapped. */
class KafkaEngineTest {

    @Test
    void aClusterIdNeverStartsWithWhatTheFormatToolTakesForAnOption() {
        // a uuid whose first byte's top bits make base64's '-' (62) and '_' (63)
        for (long top : new long[] {0xF8L << 56, 0xFCL << 56, 0xFFFFFFFFFFFFFFFFL}) {
            String id = KafkaEngine.clusterId(new UUID(top, 42));
            assertThat(id).hasSize(22).doesNotStartWith("-").doesNotStartWith("_");
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
        }
        for (int i = 0; i < 10_000; i++) {
            assertThat(KafkaEngine.newClusterId()).doesNotStartWith("-");
        }
    }

    @Test
    void aClassArchiveIsForThisJavaAndStaleOnceAJarIsNewer(@TempDir Path dir) throws Exception {
        Path jars = Files.createDirectories(dir.resolve("kafka-4.4.0"));
        Path jar = Files.writeString(jars.resolve("kafka-clients-4.4.0.jar"), "jar");
        Path cache = Files.createDirectories(dir.resolve("engines"));
        EngineDistribution kafka = new EngineDistribution("kafka", "4.4.0", "kafka.Kafka", jars);
        Path archive = KafkaEngine.classArchive(kafka, cache);
        assertThat(archive.getFileName().toString()).startsWith("kafka-4.4.0-java-" + Runtime.version().feature()).endsWith(".jsa");
        assertThat(KafkaEngine.hasClassArchive(kafka, cache)).isFalse();

        Files.writeString(archive, "archive");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        assertThat(KafkaEngine.hasClassArchive(kafka, cache)).isTrue();

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60))); // the engine unpacked again
        assertThat(KafkaEngine.hasClassArchive(kafka, cache)).isFalse();
    }
}
