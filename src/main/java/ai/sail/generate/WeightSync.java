package ai.sail.generate;

import java.io.IOException;

/**
 * Pushes the trainer's current weights to the serving engines, by whatever route the engine offers.
 * The trainer calls {@link #push} every {@code sync-steps} updates and only then tells the
 * {@link RemoteGenerator} that the new version is served, so a failed push never counts as synced.
 */
public interface WeightSync extends AutoCloseable {

    /** Makes the engines serve the policy as it is now, after update {@code version}; returns once they do. */
    void push(long version) throws IOException;

    @Override
    default void close() {}
}
