package ai.sail.data;

import ai.sail.config.Choice;

/** Whether prompts go through the model's chat template ({@code --chat-template}). */
public enum ChatTemplateUse implements Choice {
    /** Use the model's chat template when it has one (a text prompt becomes one user message). */
    AUTO,
    /** Never: prompts are tokenised as they are written. */
    NONE
}
