package ai.sail.data;

/**
 * How rows sit in a file. Decided by content, not by the file name: a file whose first non-blank
 * character is {@code [} is one JSON array; anything else is JSON Lines. So a {@code .json} file
 * written as JSON Lines (a common export) reads as it should.
 */
public enum FileLayout {
    /** One JSON value per line; blank lines are ignored. Rows are named {@code file:line}. */
    JSON_LINES,
    /** One top-level JSON array of rows. Rows are named {@code file[index]}, counting from 0. */
    JSON_ARRAY
}
