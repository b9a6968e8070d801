package ai.sail.text;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;

/**
 * The one Jinjava set up to render Hugging Face chat templates like Python's Jinja does.
 *
 * <p>transformers renders with {@code trim_blocks} and {@code lstrip_blocks}, and real templates rely on
 * {@code {{-}} / {@code -}}} around expressions. Jinjava's defaults do neither, and then (measured on
 * Qwen2.5's template) every turn gets eight leading spaces and blank lines between turns: a different
 * prompt from the one the model was trained on, with no error. The two legacy overrides below make
 * Jinjava trim like Jinja. Nested interpretation is switched off: by default Jinjava evaluates template
 * code that appears in the rendered output, i.e. in message text. On top come the helpers transformers
 * adds: {@code raise_exception}, its Python-style {@code tojson}, and the {@code generation} block.
 */
final class ChatTemplateEngine {
    private static final Jinjava JINJAVA = create();

    private ChatTemplateEngine() {}

    static Jinjava jinjava() {
        return JINJAVA;
    }

    private static Jinjava create() {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withParseWhitespaceControlStrictly(true)
                        .build())
                // Jinjava's default re-renders any output that looks like template code, so a user message
                // containing "{{ 7 * 7 }}" would print 49. Jinja never does that.
                .withNestedInterpretationEnabled(false)
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerFunction(RaiseExceptionFunction.definition());
        jinjava.getGlobalContext().registerFilter(new PythonJsonFilter());
        jinjava.getGlobalContext().registerTag(new GenerationTag());
        return jinjava;
    }
}
