package ai.sail.tensor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * Stopping a run cleanly on SIGINT or SIGTERM. The JVM's default answer to these signals runs the
 * shutdown hooks at once, and DJL's hooks free native memory while the main thread may still be
 * inside a libtorch call: that crashed the JVM in {@code torchBackward} about one time in six. So
 * Sail takes the signals itself: the first one only raises a flag, which long loops check between
 * steps ({@link #check}) and answer by throwing {@link StoppedException} (nothing is half-written:
 * checkpoints are written whole or not at all); a second signal ends the process at once, without
 * running any hook.
 */
public final class Interruption {
    private static final AtomicReference<String> SIGNAL = new AtomicReference<>();
    private static final CountDownLatch STOP = new CountDownLatch(1);
    private static volatile boolean installed;

    private Interruption() {}

    /** Thrown by {@link #check} once a stop was asked for. */
    public static final class StoppedException extends RuntimeException {
        private final String signal;

        public StoppedException(String signal, String where) {
            super("stopped by SIG" + signal + where);
            this.signal = signal;
        }

        /** {@code INT} or {@code TERM}. */
        public String signal() {
            return signal;
        }
    }

    /** Takes over SIGINT and SIGTERM for this process (the command line calls it once). */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (!SIGNAL.compareAndSet(null, s.getName())) {
                        // Second signal: the user insists. halt() skips the hooks that race libtorch.
                        Runtime.getRuntime().halt(128 + s.getNumber());
                    }
                    STOP.countDown();
                    System.err.println();
                    System.err.println("sail: SIG" + s.getName() + " received; stopping after the current step"
                            + " (send it again to stop at once)");
                });
            } catch (IllegalArgumentException e) {
                // This platform has no such signal; keep the default behaviour for it.
            }
        }
        installed = true;
    }

    /**
     * Blocks until a stop is asked for: for a command with no steps to check between, such as a server
     * whose main thread has nothing to do but wait.
     */
    public static void await() throws InterruptedException {
        STOP.await();
    }

    /** Whether a stop was asked for. */
    public static boolean requested() {
        return SIGNAL.get() != null;
    }

    /**
     * Throws {@link StoppedException} if a stop was asked for.
     *
     * @param where appended to the message, e.g. " after step 12; resume with --resume latest"
     */
    public static void check(String where) {
        String s = SIGNAL.get();
        if (s != null) {
            throw new StoppedException(s, where);
        }
    }
}
