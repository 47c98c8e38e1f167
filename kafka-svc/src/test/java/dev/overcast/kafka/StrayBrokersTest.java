package dev.overcast.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.kafka.broker.BrokerFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a kill -9 of the service, a broker left running for a cluster that is no longer recorded (deleted meanwhile)
 * is stopped at the next start; one of a recorded cluster is left to the launcher, which stops it as it starts the
 * broker again.
 */
class StrayBrokersTest {

    @TempDir
    Path data;

    /** A stand-in for an orphaned broker: a process whose command line carries the launcher's marker of its folder. */
    private Process orphan(Path brokerDir) throws Exception {
        Files.createDirectories(brokerDir);
        Process p = new ProcessBuilder("sh", "-c", "while read line; do :; done # -Dovercast.engine=broker@" + brokerDir).start();
        Files.writeString(brokerDir.resolve("broker.pid"), Long.toString(p.pid()));
        return p;
    }

    @Test
    void brokersOfClustersNoLongerRecordedAreStopped() throws Exception {
        BrokerFleet fleet = new BrokerFleet(data, "127.0.0.1", "127.0.0.1", "64m", null, null, new dev.overcast.kafka.broker.ExternalCluster(""));
        Path msk = data.toAbsolutePath().normalize().resolve("msk");
        Process stray = orphan(msk.resolve("gone-cluster").resolve("broker-1"));
        Process kept = orphan(msk.resolve("live-cluster").resolve("broker-1"));
        try {
            fleet.stopStrays(Set.of("live-cluster"));
            assertThat(stray.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(kept.isAlive()).isTrue();
            assertThat(msk.resolve("gone-cluster").resolve("broker-1")).exists(); // data is never deleted to get going
        } finally {
            stray.destroyForcibly();
            kept.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
