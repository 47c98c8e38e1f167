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
        // a child that exits under a parent that never waits for it (it execs sleep): a zombie until the parent ends
        // and the child's new parent reaps it. The child ends only once its parent is sleep: a shell that is still
        // itself may reap a finished child between commands (as dash does on a loaded machine)
        Process parent = new ProcessBuilder("sh", "-c", "sh -c 'while [ \"$(cat /proc/$PPID/comm)\" != sleep ]; "
                + "do sleep 0.05; done' & echo $!; exec sleep 600").start();
        long zombie;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
            zombie = Long.parseLong(out.readLine().trim());
            for (int i = 0; i < 1000 && !EmbeddedPostgresServer.isZombie(zombie); i++) {
                Thread.sleep(10); // a busy machine may take a while to run the child to its end
            }
            assertThat(EmbeddedPostgresServer.isZombie(zombie)).as("%s", readStat(zombie)).isTrue();
            Files.writeString(dir.resolve("postmaster.pid"), zombie + "\n" + dir + "\n");

            // the parent ends while the start waits: the zombie is reaped, and the wait ends with it
            Thread ender = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                parent.destroy();
            });
            ender.start();
            EmbeddedPostgresServer.stopOrphanedPostmaster(dir);
            ender.join();

            assertThat(EmbeddedPostgresServer.isZombie(zombie)).isFalse();
            assertThat(ProcessHandle.of(zombie).filter(ProcessHandle::isAlive)).isEmpty();
        } finally {
            parent.destroyForcibly();
        }
    }

    private static String readStat(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (java.io.IOException e) {
            return "no process " + pid + ": " + e;
        }
    }

    @Test
    void aLiveProcessIsNoZombie() {
        assertThat(EmbeddedPostgresServer.isZombie(ProcessHandle.current().pid())).isFalse();
        assertThat(EmbeddedPostgresServer.isZombie(Long.MAX_VALUE)).isFalse();
    }
}
