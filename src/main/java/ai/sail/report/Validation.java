package ai.sail.report;

/** The one argument check every report record shares: names must say something. */
final class Validation {
    private Validation() {}

    static String requireNonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
