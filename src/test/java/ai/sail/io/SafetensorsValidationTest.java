package ai.sail.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a file can break the format gets its own message naming the file (and tensor). */
class SafetensorsValidationTest {

    @TempDir
    Path dir;

    /** Collected across the checks of one test to show the messages are all different. */
    private final Map<String, String> messages = new LinkedHashMap<>();

    private static String tensor(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    private String rejection(String fileName, byte[] bytes) throws IOException {
        Path file = RawSafetensors.writeBytes(dir.resolve(fileName), bytes);
        return rejection(file);
    }

    private String rejection(String fileName, String json, int dataBytes) throws IOException {
        Path file = RawSafetensors.write(dir.resolve(fileName), json, new byte[dataBytes]);
        return rejection(file);
    }

    private String rejection(Path file) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> SafetensorsFile.open(file).close());
        assertThat(thrown).as(file.getFileName().toString()).isInstanceOf(SafetensorsFormatException.class);
        String message = thrown.getMessage();
        assertThat(message).contains(file.getFileName().toString());
        messages.put(file.getFileName().toString(), message.substring(message.indexOf(": ") + 2));
        return message;
    }

    @Test
    void fileShorterThanTheLengthField() throws IOException {
        assertThat(rejection("tiny.safetensors", new byte[] {1, 2, 3})).contains("3 bytes", "shorter than the 8-byte header length");
        assertThat(rejection("empty.safetensors", new byte[0])).contains("0 bytes");
    }

    @Test
    void headerLengthPastTheEndOrAbsurd() throws IOException {
        assertThat(rejection("past.safetensors", RawSafetensors.withHeaderLength(1000, "{}".getBytes(StandardCharsets.US_ASCII))))
                .contains("header length 1000 runs past the end of the file (10 bytes)", "truncated");
        // A zip-based pickle starts with "PK\3\4": as a length that is absurdly large.
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        assertThat(rejection("zip.safetensors", zip)).contains("implausibly large", "not a safetensors file");
        assertThat(rejection("negative.safetensors", RawSafetensors.withHeaderLength(-1, new byte[8])))
                .contains("18446744073709551615", "implausibly large");
    }

    @Test
    void headerNotJsonOrNotAnObject() throws IOException {
        assertThat(rejection("garbage.safetensors", "{\"a\": nope", 0)).contains("header is not valid JSON");
        assertThat(rejection("array.safetensors", "[1, 2]", 0)).contains("not an object (found ARRAY)");
        assertThat(rejection("dup.safetensors", "{" + tensor("a", "F32", "[1]", "[0,4]") + ","
                + tensor("a", "F32", "[1]", "[4,8]") + "}", 8)).contains("not valid JSON", "Duplicate");
        assertThat(rejection("trailing.safetensors", "{}{}", 0)).contains("not valid JSON");
        assertThat(rejection("meta.safetensors", "{\"__metadata__\":{\"n\":1}}", 0)).contains("'n' must be a string");
        byte[] invalidUtf8 = "{\"\u00ff\":{}}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(rejection("utf8.safetensors", RawSafetensors.withHeaderLength(invalidUtf8.length, invalidUtf8)))
                .contains("not valid JSON");
    }

    @Test
    void entryMissingAField() throws IOException {
        assertThat(rejection("nodtype.safetensors", "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4))
                .contains("tensor 'w'", "no 'dtype'");
        assertThat(rejection("noshape.safetensors", "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4))
                .contains("tensor 'w'", "no 'shape'");
        assertThat(rejection("nooffsets.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4))
                .contains("tensor 'w'", "no 'data_offsets'");
        assertThat(rejection("notobject.safetensors", "{\"w\":[1,2]}", 0)).contains("tensor 'w'", "must be an object");
    }

    @Test
    void unknownDtypeIsNamedWithTheKnownOnes() throws IOException {
        assertThat(rejection("fp8.safetensors", "{" + tensor("w", "F8_E4M3", "[4]", "[0,4]") + "}", 4))
                .contains("tensor 'w'", "unknown safetensors dtype 'F8_E4M3'", "known: F64, F32, F16, BF16");
    }

    @Test
    void badShapes() throws IOException {
        assertThat(rejection("negshape.safetensors", "{" + tensor("w", "F32", "[-2,3]", "[0,0]") + "}", 0))
                .contains("tensor 'w'", "negative dimension -2");
        assertThat(rejection("floatshape.safetensors", "{" + tensor("w", "F32", "[1.5]", "[0,4]") + "}", 4))
                .contains("tensor 'w'", "not an integer dimension");
        assertThat(rejection("hugeshape.safetensors", "{" + tensor("w", "F32", "[4294967296,4294967296]", "[0,4]") + "}", 4))
                .contains("tensor 'w'", "too large");
    }

    @Test
    void badOffsets() throws IOException {
        assertThat(rejection("reversed.safetensors", "{" + tensor("w", "F32", "[1]", "[8,4]") + "}", 8))
                .contains("tensor 'w'", "begin after end");
        assertThat(rejection("three.safetensors", "{" + tensor("w", "F32", "[1]", "[0,4,8]") + "}", 8))
                .contains("tensor 'w'", "must be [begin, end]");
        assertThat(rejection("negoffset.safetensors", "{" + tensor("w", "F32", "[1]", "[-4,0]") + "}", 8))
                .contains("tensor 'w'", "two non-negative integers");
    }

    @Test
    void sizeMismatch() throws IOException {
        assertThat(rejection("size.safetensors", "{" + tensor("w", "F32", "[4]", "[0,12]") + "}", 16))
                .contains("tensor 'w'", "span 12 bytes but shape [4] of F32 needs 16 (4 elements x 4 bytes)");
    }

    @Test
    void overlappingTensors() throws IOException {
        assertThat(rejection("overlap.safetensors", "{" + tensor("a", "F32", "[4]", "[0,16]") + ","
                + tensor("b", "F32", "[2]", "[8,16]") + "}", 16))
                .contains("tensor 'b'", "overlap tensor 'a' at [0, 16)");
        // Also when the overlapped tensor is not the one just before.
        assertThat(rejection("overlap2.safetensors", "{" + tensor("big", "U8", "[32]", "[0,32]") + ","
                + tensor("x", "U8", "[4]", "[4,8]") + "," + tensor("y", "U8", "[4]", "[12,16]") + "}", 32))
                .contains("overlap tensor 'big'");
    }

    @Test
    void tensorPastTheEndMeansTruncated() throws IOException {
        String message = rejection("cut.safetensors", "{" + tensor("a", "F32", "[2]", "[0,8]") + ","
                + tensor("b", "F32", "[4]", "[8,24]") + "}", 20);
        assertThat(message).contains("tensor 'b'", "the file is truncated", "holds only 20 bytes");
    }

    @Test
    void everyProblemHasItsOwnMessage() throws IOException {
        rejection("tiny.safetensors", new byte[] {1, 2, 3});
        rejection("past.safetensors", RawSafetensors.withHeaderLength(1000, new byte[2]));
        rejection("absurd.safetensors", RawSafetensors.withHeaderLength(Long.MAX_VALUE, new byte[2]));
        rejection("garbage.safetensors", "not json", 0);
        rejection("array.safetensors", "[]", 0);
        rejection("nodtype.safetensors", "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        rejection("fp8.safetensors", "{" + tensor("w", "F8_E5M2", "[4]", "[0,4]") + "}", 4);
        rejection("negshape.safetensors", "{" + tensor("w", "F32", "[-1]", "[0,0]") + "}", 0);
        rejection("reversed.safetensors", "{" + tensor("w", "F32", "[1]", "[8,4]") + "}", 8);
        rejection("size.safetensors", "{" + tensor("w", "F32", "[4]", "[0,12]") + "}", 16);
        rejection("overlap.safetensors", "{" + tensor("a", "F32", "[4]", "[0,16]") + "," + tensor("b", "F32", "[2]", "[8,16]") + "}", 16);
        rejection("cut.safetensors", "{" + tensor("w", "F32", "[4]", "[0,16]") + "}", 8);
        assertThat(messages).hasSize(12);
        assertThat(Map.copyOf(messages).values()).doesNotHaveDuplicates();
        // A distinct leading phrase each, not just different numbers.
        assertThat(messages.values().stream().map(m -> m.replaceAll("[0-9]", "")).distinct()).hasSize(12);
    }

    @Test
    void validFilesWithGapsAndZeroSizedTensorsAreAccepted() throws IOException {
        Path file = RawSafetensors.write(dir.resolve("gaps.safetensors"), "{"
                + tensor("late", "F32", "[1]", "[8,12]") + "," + tensor("empty", "F32", "[0,3]", "[4,4]") + ","
                + tensor("early", "F32", "[1]", "[0,4]") + "}", RawSafetensors.floats(1f, 0f, 3f));
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertThat(st.names()).containsExactly("early", "empty", "late");
            assertThat(st.readFloats("late")).containsExactly(3f);
            assertThat(st.readFloats("empty")).isEmpty();
            assertThat(st.rawBytes("empty").remaining()).isZero();
        }
    }
}
