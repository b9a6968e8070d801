package ai.sail.data;

import ai.sail.text.ChatMessage;
import ai.sail.text.Prompt;
import java.util.List;

/**
 * Recovers the prompt of a pair stored as two whole conversations, the layout of Anthropic's HH data
 * and of message-list data sets without a prompt column: the prompt is what both share up to the turn
 * where the assistant's reply starts, and the responses are what follows.
 *
 * <p>Transcripts are cut after the last {@value #ASSISTANT_MARKER} marker that lies inside the common
 * beginning of both texts, so the prompt keeps the marker (the model is asked to continue after
 * "Assistant:") and each response keeps its leading space, as TRL's HH preprocessing does. Cutting only
 * at a marker, never mid-word where the two texts happen to diverge, keeps a shared first word of both
 * replies in the replies.
 */
final class ImplicitPrompt {
    static final String ASSISTANT_MARKER = "\n\nAssistant:";

    private ImplicitPrompt() {}

    record Split(Prompt prompt, String chosen, String rejected) {}

    static Split ofTranscripts(String chosen, String rejected, ColumnMapping columns) {
        int shared = commonPrefixLength(chosen, rejected);
        int marker = chosen.lastIndexOf(ASSISTANT_MARKER, shared - ASSISTANT_MARKER.length());
        if (marker < 0) {
            throw new InvalidRowException("fields \"" + columns.chosen() + "\" and \"" + columns.rejected()
                    + "\": expected two transcripts that share their beginning up to a \"\\n\\nAssistant:\" turn"
                    + " marker, found no shared marker (give the prompt in its own column instead)");
        }
        int cut = marker + ASSISTANT_MARKER.length();
        Prompt prompt = Prompt.text(chosen.substring(0, cut));
        return new Split(prompt, chosen.substring(cut), rejected.substring(cut));
    }

    /**
     * Two message lists that share every message but their last, which must be the assistant's: the
     * shared messages are the prompt.
     */
    static Split ofConversations(List<ChatMessage> chosen, List<ChatMessage> rejected, ColumnMapping columns) {
        String chosenReply = finalReply(chosen, columns.chosen());
        String rejectedReply = finalReply(rejected, columns.rejected());
        List<ChatMessage> prompt = chosen.subList(0, chosen.size() - 1);
        if (prompt.isEmpty() || !prompt.equals(rejected.subList(0, rejected.size() - 1))) {
            throw new InvalidRowException("fields \"" + columns.chosen() + "\" and \"" + columns.rejected()
                    + "\": expected the same prompt messages followed by one assistant reply each, but the"
                    + " messages before the replies " + (prompt.isEmpty() ? "are missing" : "differ"));
        }
        return new Split(Prompt.conversation(prompt), chosenReply, rejectedReply);
    }

    /** The content of the last message, which must be the assistant's. */
    static String finalReply(List<ChatMessage> messages, String field) {
        ChatMessage last = messages.get(messages.size() - 1);
        if (!last.role().equals("assistant")) {
            throw new InvalidRowException("field \"" + field + "[" + (messages.size() - 1) + "].role\": expected the"
                    + " last message to be the assistant's reply, got role \"" + last.role() + "\"");
        }
        return last.content();
    }

    private static int commonPrefixLength(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
