package ai.sail.cli;

import ai.sail.align.TrainingDivergedException;
import ai.sail.http.ServerUnavailableException;
import ai.sail.tensor.Interruption;
import ai.sail.text.ChatTemplateException;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the user sees when a command fails: one line saying what went wrong (and its causes, where
 * they add something), the stack trace only with {@code --debug}, and an exit status per kind of
 * failure, so that scripts can tell bad input from a dead reward or rollout server or a diverged run.
 */
enum Failure {
    /** A bug in Sail: nothing the user did explains it. */
    INTERNAL(1),
    /** Bad input: options, configuration, data, model files, chat templates, JSON. */
    BAD_INPUT(2),
    /** The file system refused: missing directory, permissions, disk full. */
    FILE_SYSTEM(3),
    /** A server Sail depends on (a remote reward source, a rollout engine) stayed unavailable. */
    SERVER_UNAVAILABLE(4),
    /** Training produced NaN or infinite numbers and stopped before changing the weights. */
    DIVERGED(5),
    /** The JVM ran out of memory. */
    OUT_OF_MEMORY(6),
    /** Stopped by SIGINT (Ctrl-C). */
    INTERRUPTED(130),
    /** Stopped by SIGTERM. */
    TERMINATED(143);

    final int exitCode;

    Failure(int exitCode) {
        this.exitCode = exitCode;
    }

    static Failure of(Throwable t) {
        if (t instanceof Interruption.StoppedException stopped) {
            return stopped.signal().equals("INT") ? INTERRUPTED : TERMINATED;
        }
        if (t instanceof OutOfMemoryError) {
            return OUT_OF_MEMORY;
        }
        if (t instanceof TrainingDivergedException) {
            return DIVERGED;
        }
        if (t instanceof ServerUnavailableException) {
            return SERVER_UNAVAILABLE;
        }
        if (t instanceof IllegalArgumentException || t instanceof ai.sail.tensor.EngineUnavailableException
                || t instanceof ChatTemplateException
                || t instanceof JsonProcessingException || t instanceof picocli.CommandLine.ParameterException) {
            return BAD_INPUT;
        }
        if (t instanceof UncheckedIOException || t instanceof IOException) {
            // Format errors of model and tokenizer files are IOExceptions too, but they are the input's fault.
            Throwable io = t instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : t;
            return io.getClass().getSimpleName().endsWith("FormatException") ? BAD_INPUT : FILE_SYSTEM;
        }
        return INTERNAL;
    }

    /** Prints the failure and returns the exit status. */
    static int report(Throwable t, PrintWriter err, boolean debug) {
        Failure kind = of(t);
        if (kind == OUT_OF_MEMORY) {
            err.println("sail: out of memory (" + t.getMessage() + "); lower --batch-size or --max-length, or give the"
                    + " JVM more with SAIL_JAVA_OPTS=\"-Xmx16g -XX:MaxDirectMemorySize=16g\"");
        } else if (kind == INTERNAL) {
            err.println("sail: internal error: " + t + (debug ? "" : " (run again with --debug for the stack trace"
                    + " and please report it)"));
        } else {
            err.println("sail: " + chain(t));
        }
        if (debug) {
            t.printStackTrace(err);
        }
        err.flush();
        return kind.exitCode;
    }

    /** The message, then each cause whose message is not already part of the text. */
    static String chain(Throwable t) {
        List<String> parts = new ArrayList<>();
        for (Throwable c = t; c != null && parts.size() < 4; c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().strip();
            if (!m.isEmpty() && parts.stream().noneMatch(p -> p.contains(m) || m.contains(p))) {
                parts.add(m);
            }
        }
        return String.join(": ", parts);
    }
}
