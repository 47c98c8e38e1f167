package dev.overcast.common.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Kafka cluster ids that kafka-storage format takes. */
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
}
