package ai.sail.model;

import java.util.Map;

/**
 * A slow, loop-by-loop decoder in plain Java (double precision), written from the papers' equations
 * and independent of DJL: the control the tensor implementation is checked against. Runs one
 * unpadded sequence at a time.
 */
final class ReferenceDecoder {
    private final ModelConfig c;
    private final Map<String, float[]> w;

    ReferenceDecoder(ModelConfig config, Map<String, float[]> weights) {
        this.c = config;
        this.w = weights;
    }

    /** Logits [T][V] for token ids. */
    double[][] logits(int[] ids) {
        int t = ids.length;
        int d = c.hiddenSize();
        double[][] x = new double[t][d];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = w.get("embed.weight")[ids[i] * d + j];
                if (c.architecture().positions == Architecture.Positions.LEARNED) {
                    x[i][j] += w.get("pos_embed.weight")[i * d + j];
                }
            }
        }
        for (int l = 0; l < c.layers(); l++) {
            String p = "layers." + l + ".";
            double[][] h = norm(x, p + "attn_norm");
            double[][] a = attention(h, p);
            add(x, a);
            h = norm(x, p + "mlp_norm");
            add(x, mlp(h, p));
        }
        double[][] hf = norm(x, "final_norm");
        float[] head = w.containsKey("lm_head.weight") ? w.get("lm_head.weight") : w.get("embed.weight");
        double[][] out = new double[t][];
        for (int i = 0; i < t; i++) {
            out[i] = matvec(head, null, hf[i], c.vocabSize(), d);
        }
        return out;
    }

    private double[][] attention(double[][] h, String p) {
        int t = h.length;
        int hd = c.headDim();
        int heads = c.heads();
        int kvh = c.kvHeads();
        int qkvOut = (heads + 2 * kvh) * hd;
        double[][] q = new double[t][];
        double[][] k = new double[t][];
        double[][] v = new double[t][];
        for (int i = 0; i < t; i++) {
            double[] all = matvec(w.get(p + "qkv.weight"), w.get(p + "qkv.bias"), h[i], qkvOut, c.hiddenSize());
            q[i] = java.util.Arrays.copyOfRange(all, 0, heads * hd);
            k[i] = java.util.Arrays.copyOfRange(all, heads * hd, (heads + kvh) * hd);
            v[i] = java.util.Arrays.copyOfRange(all, (heads + kvh) * hd, qkvOut);
            if (c.architecture().positions == Architecture.Positions.ROTARY) {
                rotate(q[i], heads, i);
                rotate(k[i], kvh, i);
            }
        }
        double[][] out = new double[t][heads * hd];
        for (int hh = 0; hh < heads; hh++) {
            int kvHead = hh / (heads / kvh);
            for (int i = 0; i < t; i++) {
                double[] s = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    double dot = 0;
                    for (int e = 0; e < hd; e++) {
                        dot += q[i][hh * hd + e] * k[j][kvHead * hd + e];
                    }
                    s[j] = dot / Math.sqrt(hd);
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int j = 0; j <= i; j++) {
                    for (int e = 0; e < hd; e++) {
                        out[i][hh * hd + e] += s[j] / sum * v[j][kvHead * hd + e];
                    }
                }
            }
        }
        double[][] res = new double[t][];
        for (int i = 0; i < t; i++) {
            res[i] = matvec(w.get(p + "o.weight"), w.get(p + "o.bias"), out[i], c.hiddenSize(), heads * hd);
        }
        return res;
    }

    private void rotate(double[] vec, int heads, int pos) {
        int hd = c.headDim();
        int half = hd / 2;
        for (int hh = 0; hh < heads; hh++) {
            for (int i = 0; i < half; i++) {
                double angle = pos * Math.pow(c.ropeTheta(), -2.0 * i / hd);
                int a = hh * hd + (c.ropeStyle() == RopeStyle.HALF_SPLIT ? i : 2 * i);
                int b = hh * hd + (c.ropeStyle() == RopeStyle.HALF_SPLIT ? i + half : 2 * i + 1);
                double x0 = vec[a];
                double x1 = vec[b];
                vec[a] = x0 * Math.cos(angle) - x1 * Math.sin(angle);
                vec[b] = x1 * Math.cos(angle) + x0 * Math.sin(angle);
            }
        }
    }

    private double[][] mlp(double[][] h, String p) {
        int f = c.intermediateSize();
        int d = c.hiddenSize();
        double[][] out = new double[h.length][];
        for (int i = 0; i < h.length; i++) {
            double[] act = new double[f];
            if (c.architecture().mlp == Architecture.Mlp.SWIGLU) {
                double[] gu = matvec(w.get(p + "gate_up.weight"), null, h[i], 2 * f, d);
                for (int j = 0; j < f; j++) {
                    double g = gu[j];
                    act[j] = g / (1 + Math.exp(-g)) * gu[f + j];
                }
            } else {
                double[] u = matvec(w.get(p + "up.weight"), w.get(p + "up.bias"), h[i], f, d);
                for (int j = 0; j < f; j++) {
                    double x = u[j];
                    act[j] = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
                }
            }
            out[i] = matvec(w.get(p + "down.weight"), w.get(p + "down.bias"), act, d, f);
        }
        return out;
    }

    private double[][] norm(double[][] x, String name) {
        float[] g = w.get(name + ".weight");
        float[] b = w.get(name + ".bias");
        double[][] out = new double[x.length][x[0].length];
        int d = x[0].length;
        for (int i = 0; i < x.length; i++) {
            double mean = 0;
            if (c.architecture().norm == Architecture.Norm.LAYER) {
                for (double v : x[i]) {
                    mean += v / d;
                }
            }
            double var = 0;
            for (double v : x[i]) {
                var += (v - mean) * (v - mean) / d;
            }
            double inv = 1 / Math.sqrt(var + c.normEps());
            for (int j = 0; j < d; j++) {
                out[i][j] = (x[i][j] - mean) * inv * g[j] + (b == null ? 0 : b[j]);
            }
        }
        return out;
    }

    private static double[] matvec(float[] m, float[] bias, double[] x, int rows, int cols) {
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = bias == null ? 0 : bias[r];
            for (int k = 0; k < cols; k++) {
                s += m[r * cols + k] * x[k];
            }
            y[r] = s;
        }
        return y;
    }

    private static void add(double[][] x, double[][] y) {
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] += y[i][j];
            }
        }
    }
}
