package ai.sail.text;

import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;

/**
 * The {@code raise_exception(message)} function transformers gives chat templates. Templates call it
 * to reject a conversation they cannot lay out; here it throws a {@link ChatTemplateException} that
 * {@link ChatTemplate} digs out of Jinjava's error list and rethrows.
 */
final class RaiseExceptionFunction {
    private RaiseExceptionFunction() {}

    static ELFunctionDefinition definition() {
        return new ELFunctionDefinition("", "raise_exception", RaiseExceptionFunction.class, "raise", Object.class);
    }

    /** Called by Jinjava; never returns. */
    public static String raise(Object message) {
        throw ChatTemplateException.raisedByTemplate(String.valueOf(message));
    }
}
