package ai.sail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.sail.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and faults as users and their machines produce them, one test per class: the exit status,
 * one clear line that names what is wrong (no stack trace), and nothing left behind.
 */
class FaultsTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            var cli = Main.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), log.toString(StandardCharsets.UTF_8) + err);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    static String stories() {
        return Fixtures.require("models/stories260K/stories260K.gguf").toString();
    }

    Path pairs() throws Exception {
        Path file = dir.resolve("pairs.jsonl");
        Files.writeString(file, "{\"prompt\": \"Lily went to the park.\", \"chosen\": \" She smiled.\", \"rejected\": \" She cried.\"}\n"
                + "{\"prompt\": \"Tom found a box.\", \"chosen\": \" It was a toy.\", \"rejected\": \" It was a bug.\"}\n");
        return file;
    }

    /** A DPO run on stories260K with a checkpoint at each step (two steps unless {@code more} says otherwise). */
    Run train(Path out, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--model", stories(), "--data", pairs().toString(),
                "--batch-size", "2", "--save-steps", "1", "--output-dir", out.toString()));
        if (!List.of(more).contains("--max-steps")) {
            args.addAll(List.of("--max-steps", "2"));
        }
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    static void assertOneClearLine(Run r, int exit, String... parts) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.err()).contains(parts).doesNotContain("\tat ai.sail").doesNotContain("Exception in");
    }

    @Test
    void dataThatIsADirectoryOrAMissingConfigFileIsNamed() {
        assertOneClearLine(run("train", "--model", "m", "--data", dir.toString()), 2,
                "data: '" + dir + "' is a directory; expected a JSON or JSON Lines file");
        assertOneClearLine(run("train", "--config", dir.resolve("run.yaml").toString()), 2,
                "config: no such file '" + dir.resolve("run.yaml") + "'");
    }

    @Test
    void anOutputDirThatIsAFileIsRefusedBeforeAnyModelLoads() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        // The model does not exist either: the output directory is checked first.
        assertOneClearLine(run("train", "--model", dir.resolve("no-model").toString(), "--data", pairs().toString(),
                "--output-dir", file.toString()), 2, "output-dir: '" + file + "' is a file");
    }

    @Test
    void aFractionalCountInYamlIsRefused() throws Exception {
        Path yaml = Files.writeString(dir.resolve("run.yaml"), "model: m\ndata: " + pairs() + "\nmax-steps: 2.7\n");
        assertOneClearLine(run("train", "--config", yaml.toString()), 2, "max-steps");
    }

    @Test
    void aNewRunDoesNotMixWithAnotherAndOverwriteReplacesIt() throws Exception {
        Path out = dir.resolve("run");
        assertThat(train(out).exit()).isZero();
        Run again = train(out);
        assertOneClearLine(again, 2, "already holds a run (checkpoint-1, checkpoint-2, config.yaml, metrics.jsonl)",
                "--overwrite", "--resume latest");
        assertThat(out.resolve("checkpoint-2")).exists();
        Run replaced = train(out, "--overwrite", "--max-steps", "1");
        assertThat(replaced.exit()).as(replaced.err()).isZero();
        assertThat(replaced.err()).contains("--overwrite: removed the previous run's");
        assertThat(out.resolve("checkpoint-2")).doesNotExist();
        assertThat(out.resolve("checkpoint-1")).exists();
    }

    @Test
    void resumeNamesEveryDifferenceFromTheCheckpointsConfiguration() throws Exception {
        Path out = dir.resolve("run");
        assertThat(train(out).exit()).isZero();
        Run changed = train(out, "--resume", "latest", "--max-steps", "3", "--beta", "0.2", "--seed", "7");
        assertOneClearLine(changed, 2, "was trained with another configuration", "beta 0.1 -> 0.2", "seed 42 -> 7",
                "--allow-config-change beta,seed");
        Run allowed = train(out, "--resume", "latest", "--max-steps", "3", "--beta", "0.2", "--seed", "7",
                "--allow-config-change", "beta,seed");
        assertThat(allowed.exit()).as(allowed.err()).isZero();
        assertThat(out.resolve("checkpoint-3")).exists();
        // A checkpoint written before an option existed resumes: the option had its default then.
        Path config = out.resolve("checkpoint-3").resolve("training_config.yaml");
        Files.writeString(config, Files.readString(config).replaceAll("(?m)^label-smoothing: .*\\n", ""));
        Run older = train(out, "--resume", "latest", "--max-steps", "4", "--beta", "0.2", "--seed", "7",
                "--allow-config-change", "beta,seed");
        assertThat(older.exit()).as(older.err()).isZero();
    }

    @Test
    void anIncompleteCheckpointIsNamedWithWhatItLacks() throws Exception {
        Path out = dir.resolve("run");
        assertThat(train(out).exit()).isZero();
        Files.delete(out.resolve("checkpoint-2").resolve("optimizer.safetensors"));
        assertOneClearLine(train(out, "--resume", "latest", "--max-steps", "3"), 2,
                "checkpoint-2 lacks optimizer.safetensors; it was not written by sail train or is incomplete");
    }

    @Test
    void aGpt2CheckpointIsNotResumedIntoALlamaRun() throws Exception {
        Path gptRun = dir.resolve("gpt2");
        Run gpt = run("train", "--model", Fixtures.require("models/tiny-random-gpt2").toString(), "--data", pairs().toString(),
                "--batch-size", "2", "--max-steps", "1", "--output-dir", gptRun.toString());
        assertThat(gpt.exit()).as(gpt.err()).isZero();
        Run r = train(dir.resolve("llama"), "--resume", gptRun.resolve("checkpoint-1").toString(),
                "--allow-config-change", "model,save-steps,max-steps,batch-size");
        assertOneClearLine(r, 2, "holds a gpt2 model", "this run trains a llama model");
    }

    @Test
    void aCraftedTrainerStateIsRefusedQuicklyAndNeverDeserialised() throws Exception {
        Path out = dir.resolve("run");
        assertThat(train(out).exit()).isZero();
        Path state = out.resolve("checkpoint-2").resolve("trainer_state.json");
        // Java serialisation's stream header, base64: what an object-deserialisation attack would put here.
        String payload = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 0x73, 0x72});
        Files.writeString(state, Files.readString(state).replaceFirst("\"routing\" : \"[^\"]*\"", "\"routing\" : \"" + payload + "\""));
        long t0 = System.nanoTime();
        Run r = train(out, "--resume", "latest", "--max-steps", "3");
        assertOneClearLine(r, 2, "random stream 'routing' must be a 48-bit state number");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(60);
    }

    @Test
    void aTornLastMetricsLineIsDroppedOnResume() throws Exception {
        Path out = dir.resolve("run");
        assertThat(train(out).exit()).isZero();
        Path metrics = out.resolve("metrics.jsonl");
        Files.writeString(metrics, Files.readString(metrics) + "{\"step\": 3, \"loss\": 0.6", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        Run r = train(out, "--resume", "latest", "--max-steps", "3");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("dropped a torn last line (line 3)");
        assertThat(Files.readAllLines(metrics)).hasSize(3).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
        // Lines past the checkpoint are dropped without being parsed, torn or not.
        Files.writeString(metrics, Files.readString(metrics) + "{\"step\": 4, \"lo", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        Run earlier = train(out, "--resume", out.resolve("checkpoint-1").toString(), "--max-steps", "2",
                "--allow-config-change", "max-steps");
        assertThat(earlier.exit()).as(earlier.err()).isZero();
        assertThat(Files.readAllLines(metrics)).hasSize(2);
    }

    @Test
    void temporaryFilesOfAnInterruptedWriteAreRemovedByTheNextRun() throws Exception {
        Path out = dir.resolve("run");
        assertThat(train(out).exit()).isZero();
        Files.createDirectories(out.resolve("checkpoint-3.tmp-0a1b2c3d"));
        Files.writeString(out.resolve(".metrics.jsonl.tmp-9f8e7d6c"), "{");
        Run r = train(out, "--resume", "latest", "--max-steps", "3");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("removed 2 temporary file(s) left by an interrupted write");
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
    }

    @Test
    void badIdsJsonIsOneLineAndDebugShowsTheTrace() {
        Run r = run("score", "--model", stories(), "--ids", "[[1,2,");
        assertOneClearLine(r, 2, "--ids: expected a JSON array of integer rows");
        Run debug = run("--debug", "score", "--model", stories(), "--ids", "[[1,2,");
        assertThat(debug.exit()).isEqualTo(2);
        assertThat(debug.err()).contains("\tat ai.sail");
    }

    @Test
    void evalChecksItsOutputLocationBeforeSampling() {
        Path missing = dir.resolve("no-such-dir").resolve("eval.json");
        // The model does not exist: the output location is checked before anything loads.
        assertOneClearLine(run("eval", "--model", dir.resolve("no-model").toString(), "--prompts",
                dir.resolve("p.jsonl").toString(), "--reward", "length:5", "--output", missing.toString()), 2,
                "--output: the directory of '" + missing + "' does not exist");
    }

    @Test
    void aRewardServerThatStaysDownHasItsOwnExitStatus() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/get_reward", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/get_reward";
            Run r = run("train", "--method", "online-dpo", "--model", stories(), "--prompts", pairs().toString(),
                    "--reward", url, "--reward-retries", "1", "--reward-timeout", "5", "--batch-size", "2",
                    "--max-steps", "1", "--max-new-tokens", "4", "--output-dir", dir.resolve("down").toString());
            assertOneClearLine(r, 4, "127.0.0.1:" + server.getAddress().getPort(), "503");
            assertThat(r.err()).contains("failed after 2 attempt(s)");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aBrokenChatTemplateIsBadInputNotATrace() throws Exception {
        Path model = dir.resolve("gpt2-broken-template");
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(Fixtures.require("models/tiny-random-gpt2"))) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        Path config = model.resolve("tokenizer_config.json");
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(config.toFile());
        json.put("chat_template", "{% for m in messages %}{{ m['content'] }");
        Files.writeString(config, json.toString());
        Run r = run("generate", "--model", model.toString(), "--chat", "--prompt", "hi", "--max-new-tokens", "2");
        assertOneClearLine(r, 2, "chat template");
        json.put("chat_template", "{{ raise_exception('only user and assistant roles are supported') }}");
        Files.writeString(config, json.toString());
        Run raised = run("generate", "--model", model.toString(), "--chat", "--prompt", "hi", "--max-new-tokens", "2");
        assertOneClearLine(raised, 2, "only user and assistant roles are supported");
    }
}
