/**
 * The built-in alignment task of {@code sail demo}: a generated corpus of short children's stories,
 * a small Llama-shaped base model trained on it by Sail itself, a gold reward (the sentiment of a
 * continuation under the built-in lexicon), and the comparison of every method on it. Nothing is
 * downloaded. It sits on top of the engine like the command line does.
 *
 * <p>May use every package but {@code cli}.
 */
package ai.sail.demo;
