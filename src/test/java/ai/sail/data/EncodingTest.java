package ai.sail.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data file that is not valid UTF-8 is reported with its line (or array position) and the byte, and
 * with {@code --skip-invalid} such a line is skipped like any other invalid row.
 */
class EncodingTest {
    private static final String GOOD = "{\"prompt\": \"Hi\", \"chosen\": \"Hello.\", \"rejected\": \"Go away.\"}";
    /** "café" in Latin-1: 0xE9 alone is not UTF-8. */
    private static final byte[] LATIN1_ROW = "{\"prompt\": \"caf\u00e9\", \"chosen\": \"a\", \"rejected\": \"b\"}"
            .getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    private Path file(String name, byte[]... lines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            out.write(line);
            out.write('\n');
        }
        return Files.write(dir.resolve(name), out.toByteArray());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLatin1LineIsNamedByItsNumberAndByte() throws Exception {
        Path file = file("data.jsonl", utf8(GOOD), LATIN1_ROW, utf8(GOOD));

        assertThatThrownBy(() -> DatasetReader.strict().preferences(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ":2: not valid UTF-8 at byte 16 of the line (0xE9); data files must be UTF-8:"
                        + " re-encode the file (e.g. from Latin-1) or fix the line");
    }

    @Test
    void skippingInvalidRowsSkipsALineThatIsNotUtf8() throws Exception {
        Path file = file("data.jsonl", utf8(GOOD), LATIN1_ROW, utf8(GOOD.replace("Hi", "caf\u00e9")));

        ReadResult<PreferenceExample> result = new DatasetReader(ColumnMapping.DEFAULT, true).preferences(file);

        assertThat(result.examples()).extracting(PreferenceExample::origin).containsExactly(file + ":1", file + ":3");
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(result.skipReasons()).singleElement().asString().startsWith(file + ":2: not valid UTF-8 at byte 16");
    }

    @Test
    void lineEndingsAndAByteOrderMarkReadAsBefore() throws Exception {
        byte[] text = utf8("\uFEFF" + GOOD + "\r\n\r\n" + GOOD.replace("Hi", "Ho") + "\r" + GOOD.replace("Hi", "\u00e9t\u00e9"));
        Path file = Files.write(dir.resolve("data.jsonl"), text);

        ReadResult<PreferenceExample> result = DatasetReader.strict().preferences(file);

        assertThat(result.examples()).extracting(PreferenceExample::origin)
                .containsExactly(file + ":1", file + ":3", file + ":4");
    }

    @Test
    void anArrayFileWithAByteOrderMarkReads() throws Exception {
        Path file = file("data.json", utf8("\uFEFF["), utf8(GOOD + ","), utf8(GOOD.replace("Hi", "\u00e9t\u00e9")), utf8("]"));

        ReadResult<PreferenceExample> result = DatasetReader.strict().preferences(file);

        assertThat(result.layout()).isEqualTo(FileLayout.JSON_ARRAY);
        assertThat(result.examples()).hasSize(2);
    }

    @Test
    void anArrayFileNamesTheLineAndColumnOfTheBadByte() throws Exception {
        Path file = file("data.json", utf8("["), utf8(GOOD + ","), LATIN1_ROW, utf8("]"));

        assertThatThrownBy(() -> new DatasetReader(ColumnMapping.DEFAULT, true).preferences(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + "[1]: not valid UTF-8 at line 3, column ")
                .hasMessageContaining("data files must be UTF-8")
                .hasMessageEndingWith("stops the read even when invalid rows are skipped");
    }
}
