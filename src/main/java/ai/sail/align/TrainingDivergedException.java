package ai.sail.align;

/** A NaN or infinite loss or gradient: the run stops before any weight changes. */
public final class TrainingDivergedException extends IllegalStateException {
    public TrainingDivergedException(String diagnostic) {
        super(diagnostic);
    }
}
