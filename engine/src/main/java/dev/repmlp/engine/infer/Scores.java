package dev.repmlp.engine.infer;

/** One sample's logits: ranks, softmax and cross-entropy, computed in double precision. */
public final class Scores {
    private final float[] logits;
    private final int offset;
    private final int n;

    private Scores(float[] logits, int offset, int n) {
        this.logits = logits;
        this.offset = offset;
        this.n = n;
    }

    /** The {@code n} logits starting at {@code offset}. */
    public static Scores of(float[] logits, int offset, int n) {
        return new Scores(logits, offset, n);
    }

    /** The logit of class {@code i}. */
    public float logit(int i) {
        return logits[offset + i];
    }

    /** How many classes score strictly higher than {@code label} (0 = top-1). */
    public int rank(int label) {
        float v = logits[offset + label];
        if (!isFinite()) {
            return n; // NaN or infinite logits are never a correct prediction
        }
        int r = 0;
        for (int i = 0; i < n; i++) {
            float o = logits[offset + i];
            if (o > v || (o == v && i < label)) {
                r++;
            }
        }
        return r;
    }

    /** Whether every logit is finite. */
    public boolean isFinite() {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(logits[offset + i])) {
                return false;
            }
        }
        return true;
    }

    private double logSumExp() {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(logits[offset + i] - max);
        }
        return max + Math.log(s);
    }

    /** -log softmax(label). */
    public double crossEntropy(int label) {
        return logSumExp() - logits[offset + label];
    }

    /** Softmax probabilities. */
    public double[] probabilities() {
        double lse = logSumExp();
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(logits[offset + i] - lse);
        }
        return p;
    }

    /** Indices of the k largest logits, best first. */
    public int[] topK(int k) {
        int kk = Math.min(k, n);
        int[] idx = new int[kk];
        boolean[] used = new boolean[n];
        for (int j = 0; j < kk; j++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!used[i] && (best < 0 || logits[offset + i] > logits[offset + best])) {
                    best = i;
                }
            }
            used[best] = true;
            idx[j] = best;
        }
        return idx;
    }
}
