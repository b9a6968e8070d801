package ai.sail.align;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The documentation of one configuration field: shown by {@code sail train --help} and in the README,
 * kept next to the field so the two cannot drift apart.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Help {
    /** What the field means. */
    String value();

    /** Section of the help it belongs to. */
    String group() default "training";
}
