package dev.repmlp.engine.slurm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.repmlp.engine.infer.EvalResult;
import dev.repmlp.engine.infer.EvalTotals;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sharded evaluation: the val set split by sample index into contiguous shards that start on
 * batch boundaries (so every batch is one the unsharded evaluation runs too), each shard's counts
 * written as {@code shard-K.json}, and the merge that sums them.
 */
public final class Shards {
    private Shards() {}

    /** The file a shard writes into the evaluation folder. */
    public static String fileName(int shard) {
        return "shard-" + shard + ".json";
    }

    /** The merged result's file in the evaluation folder. */
    public static final String RESULT = "result.json";

    /**
     * Samples {@code [from, to)} of shard {@code shard} of {@code shards}: whole batches, as evenly
     * as they divide (a shard can be empty when there are more shards than batches).
     *
     * @throws IllegalArgumentException for a shard outside {@code [0, shards)} or a batch size
     *     below 1
     */
    public static int[] range(int samples, int batchSize, int shard, int shards) {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException(
                    "shard " + shard + " of " + shards + ": give --shard K/N with 0 <= K < N");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        long batches = (samples + (long) batchSize - 1) / batchSize;
        long b0 = batches * shard / shards;
        long b1 = batches * (shard + 1) / shards;
        return new int[] {
            (int) Math.min(samples, b0 * batchSize), (int) Math.min(samples, b1 * batchSize)
        };
    }

    /**
     * One shard's counts.
     *
     * @param shard its index
     * @param shards how many there are
     * @param from first sample (index in the dataset's ImageFolder order)
     * @param to one past its last sample
     * @param samples samples in the whole val set
     * @param correct1 top-1 hits
     * @param correct5 top-k hits
     * @param lossSum exact sum of the finite cross-entropies, as a decimal string
     * @param nonFinite sum of the non-finite cross-entropies (0 when none)
     * @param images images evaluated
     * @param skipped unreadable images
     * @param classes classes in the val set
     * @param resolution the input resolution
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(
            @JsonProperty("shard") int shard,
            @JsonProperty("shards") int shards,
            @JsonProperty("from") int from,
            @JsonProperty("to") int to,
            @JsonProperty("samples") int samples,
            @JsonProperty("correct1") long correct1,
            @JsonProperty("correct5") long correct5,
            @JsonProperty("loss_sum") String lossSum,
            @JsonProperty("non_finite_loss") double nonFinite,
            @JsonProperty("images") int images,
            @JsonProperty("skipped") int skipped,
            @JsonProperty("classes") int classes,
            @JsonProperty("resolution") int resolution) {

        /** The shard's counts as written. */
        public static Result of(
                int shard,
                int shards,
                int from,
                int to,
                int samples,
                EvalTotals t,
                int classes,
                int resolution) {
            return new Result(
                    shard,
                    shards,
                    from,
                    to,
                    samples,
                    t.correct1(),
                    t.correct5(),
                    t.lossSum().toString(),
                    t.nonFinite(),
                    t.images(),
                    t.skipped(),
                    classes,
                    resolution);
        }

        public EvalTotals totals() {
            return new EvalTotals(
                    correct1, correct5, new BigDecimal(lossSum), nonFinite, images, skipped);
        }

        /** Writes it atomically. */
        public void write(Path file) throws IOException {
            SlurmRecord.writeAtomically(file, SlurmRecord.JSON.writeValueAsBytes(this));
        }
    }

    /**
     * Sums the shards in {@code dir}.
     *
     * @throws IOException when a shard's file is missing or unreadable, or the shards do not cover
     *     the val set exactly once (the message names which)
     */
    public static Merged merge(Path dir, int shards) throws IOException {
        List<Result> parts = new ArrayList<>();
        for (int k = 0; k < shards; k++) {
            Path f = dir.resolve(fileName(k));
            if (!Files.isRegularFile(f)) {
                throw new IOException(
                        "shard "
                                + k
                                + " of "
                                + shards
                                + " wrote no result ("
                                + f
                                + "); see its slurm-*_"
                                + k
                                + ".err in "
                                + dir);
            }
            try {
                parts.add(SlurmRecord.JSON.readValue(f.toFile(), Result.class));
            } catch (IOException e) {
                throw new IOException(f + " is not a readable shard result: " + e.getMessage(), e);
            }
        }
        int expectFrom = 0;
        EvalTotals sum = EvalTotals.ZERO;
        for (Result r : parts) {
            if (r.shards() != shards
                    || r.from() != expectFrom
                    || r.samples() != parts.get(0).samples()) {
                throw new IOException(
                        "the shard results in "
                                + dir
                                + " do not fit together (shard "
                                + r.shard()
                                + " covers "
                                + r.from()
                                + ".."
                                + r.to()
                                + " of "
                                + r.samples()
                                + "); run the sharded test again");
            }
            expectFrom = r.to();
            sum = sum.plus(r.totals());
        }
        if (expectFrom != parts.get(0).samples()) {
            throw new IOException(
                    "the shards in "
                            + dir
                            + " cover "
                            + expectFrom
                            + " of "
                            + parts.get(0).samples()
                            + " samples; run the sharded test again");
        }
        return new Merged(sum.result(), parts.get(0).classes(), parts.get(0).resolution(), shards);
    }

    /**
     * The merged evaluation ({@code result.json}).
     *
     * @param result top-1, top-5, loss over the whole val set
     * @param classes classes in the val set
     * @param resolution the input resolution
     * @param shards how many shards it was merged from
     */
    public record Merged(
            @JsonProperty("result") EvalResult result,
            @JsonProperty("classes") int classes,
            @JsonProperty("resolution") int resolution,
            @JsonProperty("shards") int shards) {

        /** Writes it atomically. */
        public void write(Path file) throws IOException {
            SlurmRecord.writeAtomically(file, SlurmRecord.JSON.writeValueAsBytes(this));
        }

        /** Reads a merged result. */
        public static Merged read(Path file) throws IOException {
            return SlurmRecord.JSON.readValue(file.toFile(), Merged.class);
        }
    }
}
