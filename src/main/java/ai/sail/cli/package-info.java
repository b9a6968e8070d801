/**
 * The {@code sail} command line: one picocli command per task ({@code train}, {@code generate},
 * {@code eval}, {@code score}, {@code inspect}, {@code bench}, {@code demo}), each parsing its options,
 * wiring the stages together and printing what they return. Parsing and wiring only; the work is done in
 * the stages.
 *
 * <p>May use every package; no package uses it.
 */
package ai.sail.cli;
