package ai.sail.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum value that a user names on the command line or in a YAML file: its name there is the
 * constant's name in lower case with dashes ({@code ITERATIVE_DPO} is {@code iterative-dpo}), and a
 * wrong name is an error that names the field and every allowed value. One mechanism for methods,
 * losses, schedules, truncation and the rest, so that no stage compares names as strings.
 */
public interface Choice {

    /** The constant's name as users write it. */
    default String cliName() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant of {@code type} named {@code text} (case and {@code _}/{@code -} ignored).
     *
     * @param field the option or key being read, for the message
     * @throws IllegalArgumentException naming the field, the value and the allowed values
     */
    static <E extends Enum<E> & Choice> E parse(Class<E> type, String text, String field) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E e : type.getEnumConstants()) {
            if (e.cliName().equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException(field + ": '" + text + "' is not allowed; allowed: " + allowed(type));
    }

    /** Every allowed name of {@code type}, comma-separated, in declaration order. */
    static String allowed(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> ((Choice) e).cliName()).collect(Collectors.joining(", "));
    }
}
