package ai.sail.data;

/** The row shapes of prompt-only data for online training. */
public enum PromptFormat implements RowFormat {
    /** Each row a bare JSON string: the prompt text. */
    TEXT("a JSON string per row"),
    /** {@code prompt} (or its mapped column): text or {@code {"role","content"}} messages, used as they are. */
    PROMPT("prompt as text or messages"),
    /** {@code messages}: a conversation, kept up to and including its last user turn. */
    MESSAGES("messages, up to the last user turn"),
    /** ShareGPT {@code conversations} [{from, value}], kept up to and including the last user turn. */
    SHAREGPT("ShareGPT conversations, up to the last user turn");

    private final String description;

    PromptFormat(String description) {
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }
}
