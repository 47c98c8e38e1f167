package dev.overcast.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a start finds of a predecessor's PostgreSQL on its data directory. */
class OrphanedPostmasterTest {

    @Test
    void aKilledPostmasterNotYetReapedIsWaitedFor(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc to tell a zombie");
        // a child that exits at once under a parent that never waits for it (it execs sleep): a zombie until the
        // parent ends and the child's new parent reaps it
        Process parent = new ProcessBuilder("sh", "-c", "sh -c 'exit 0' & echo $!; exec sleep 2").start();
        long zombie;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
            zombie = Long.parseLong(out.readLine().trim());
            for (int i = 0; i < 100 && !EmbeddedPostgresServer.isZombie(zombie); i++) {
                Thread.sleep(10);
            }
            assertThat(EmbeddedPostgresServer.isZombie(zombie)).isTrue();
            Files.writeString(dir.resolve("postmaster.pid"), zombie + "\n" + dir + "\n");

            EmbeddedPostgresServer.stopOrphanedPostmaster(dir);

            assertThat(EmbeddedPostgresServer.isZombie(zombie)).isFalse();
            assertThat(ProcessHandle.of(zombie).filter(ProcessHandle::isAlive)).isEmpty();
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void aLiveProcessIsNoZombie() {
        assertThat(EmbeddedPostgresServer.isZombie(ProcessHandle.current().pid())).isFalse();
        assertThat(EmbeddedPostgresServer.isZombie(Long.MAX_VALUE)).isFalse();
    }
}
