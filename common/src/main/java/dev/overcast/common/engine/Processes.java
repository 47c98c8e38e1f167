package dev.overcast.common.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** What the launchers of child processes (PostgreSQL, the engines) share: stopping a process and waiting it out. */
public final class Processes {

    private Processes() {
    }

    /** Whether {@code pid} is a process that has exited but is not reaped yet (Linux; elsewhere false). */
    public static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')'); // the command, in parentheses, may hold spaces
            return end > 0 && stat.length() > end + 2 && stat.charAt(end + 2) == 'Z';
        } catch (IOException e) {
            return false; // no such process, or no /proc
        }
    }

    /**
     * The CPU time (user and system, in seconds) a process has used so far, from Linux's /proc (clock ticks of 1/100 s);
     * 0 where there is no /proc.
     */
    public static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime: fields 14 and 15
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Whether the process runs (a zombie does not). */
    public static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
    }

    /** The full command line of a running process (Linux's /proc; elsewhere what the JDK tells), or empty. */
    public static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
        }
    }

    /**
     * Asks the process to stop (SIGTERM), waits up to {@code grace} for it, then kills it (SIGKILL) and waits until it
     * is gone; a process already exited but not yet reaped by its (adopting) parent is waited for as well, since a
     * server refuses to start while its predecessor's pid still exists.
     */
    public static void stop(long pid, Duration grace) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent() && process.get().isAlive() && !isZombie(pid)) {
            process.get().destroy();
            if (!waitGone(pid, grace)) {
                process.get().destroyForcibly();
            }
        }
        waitGone(pid, Duration.ofSeconds(60));
    }

    /** Waits until the process no longer exists (zombies included); false if it still does after {@code timeout}. */
    public static boolean waitGone(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessHandle.of(pid).map(p -> p.isAlive() || isZombie(pid)).orElse(isZombie(pid))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(50);
        }
        return true;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a child process", e);
        }
    }
}
