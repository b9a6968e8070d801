package ai.sail.data;

/**
 * The row shapes of preference data, as the usual public data sets and TRL's DPO trainer lay them out.
 * Column names are those of the {@link ColumnMapping}.
 */
public enum PreferenceFormat implements RowFormat {
    /**
     * {@code prompt}, {@code chosen}, {@code rejected}: the prompt as text or {@code {"role","content"}}
     * messages; each response as text or as messages ending in the assistant's reply.
     */
    EXPLICIT_PROMPT("prompt, chosen and rejected"),
    /**
     * {@code chosen} and {@code rejected} only, each a whole conversation: Anthropic HH transcripts
     * ({@code \n\nHuman: ... \n\nAssistant: ...}) or message lists; the prompt is what both share.
     */
    IMPLICIT_PROMPT("chosen and rejected holding the prompt as their shared beginning"),
    /** ShareGPT: {@code conversations} [{from, value}] with {@code chosen} / {@code rejected} {from, value}. */
    SHAREGPT("ShareGPT conversations with chosen and rejected {from, value} replies");

    private final String description;

    PreferenceFormat(String description) {
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }
}
