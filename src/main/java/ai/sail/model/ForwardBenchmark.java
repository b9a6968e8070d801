package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Throughput of full-sequence passes, the shape training and scoring use: a forward pass alone
 * (reference scoring) and forward plus backward of the summed response log-probabilities (a policy
 * update without the optimizer step). Best of several runs after a warm-up.
 */
public final class ForwardBenchmark {
    private ForwardBenchmark() {}

    public record Result(int batch, int sequenceLength, double forwardSeconds, double backwardSeconds) {
        public double forwardTokensPerSecond() {
            return batch * sequenceLength / forwardSeconds;
        }

        public double trainTokensPerSecond() {
            return batch * sequenceLength / backwardSeconds;
        }
    }

    public static Result run(Decoder decoder, int batch, int sequenceLength, int repeats, long seed) {
        Random rng = new Random(seed);
        List<int[]> prompts = new ArrayList<>();
        List<int[]> responses = new ArrayList<>();
        int promptLength = Math.max(1, sequenceLength / 4);
        for (int b = 0; b < batch; b++) {
            prompts.add(rng.ints(promptLength, 0, decoder.config().vocabSize()).toArray());
            responses.add(rng.ints(sequenceLength - promptLength, 0, decoder.config().vocabSize()).toArray());
        }
        ScoringBatch input = ScoringBatch.promptAndResponse(prompts, responses);
        ResponseScorer scorer = new ResponseScorer(decoder);
        double forward = Double.MAX_VALUE;
        double train = Double.MAX_VALUE;
        decoder.weights().requireGradients(true);
        try {
            for (int r = 0; r <= repeats; r++) { // run 0 is the warm-up
                long t0 = System.nanoTime();
                try (StepScope s = new StepScope()) {
                    scorer.score(input, decoder.manager()).sequence().sum().getFloat();
                }
                long t1 = System.nanoTime();
                try (StepScope s = new StepScope();
                        GradientCollector g = TorchRuntime.engine().newGradientCollector()) {
                    NDArray loss = scorer.score(input, decoder.manager()).sequence().sum().neg();
                    g.backward(loss);
                }
                long t2 = System.nanoTime();
                if (r > 0) {
                    forward = Math.min(forward, (t1 - t0) / 1e9);
                    train = Math.min(train, (t2 - t1) / 1e9);
                }
            }
        } finally {
            decoder.weights().requireGradients(false);
        }
        return new Result(batch, sequenceLength, forward, train);
    }
}
