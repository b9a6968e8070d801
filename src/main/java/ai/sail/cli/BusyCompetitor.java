package ai.sail.cli;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Another process that keeps one core busy, for {@code sail bench --contention}: what a reward server
 * or a build beside the trainer does to a shared machine. A shell loop, so that it is a separate
 * process with no JVM of its own to warm up.
 */
final class BusyCompetitor implements AutoCloseable {
    private final Process process;

    private BusyCompetitor(Process process) {
        this.process = process;
    }

    static BusyCompetitor start() {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start();
            Thread.sleep(1500); // let the load show (Sail's thread monitor samples twice a second)
            return new BusyCompetitor(p);
        } catch (IOException e) {
            throw new IllegalStateException("--contention needs /bin/sh to start a busy competitor: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the competitor", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
