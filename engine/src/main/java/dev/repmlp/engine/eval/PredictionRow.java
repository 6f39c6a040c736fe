package dev.repmlp.engine.eval;

import java.util.List;

/**
 * One row of predictions.csv.
 *
 * @param path the image's path as written
 * @param trueClass its class (folder) name
 * @param predicted the top-1 class name, empty when the logits were not finite
 * @param probability the softmax probability of {@code predicted} (NaN when none)
 * @param topClasses the top-k class names, best first (k = min(5, classes))
 * @param topProbabilities their probabilities
 * @param loss the image's cross-entropy (NaN when not finite)
 */
public record PredictionRow(
        String path,
        String trueClass,
        String predicted,
        double probability,
        List<String> topClasses,
        List<Double> topProbabilities,
        double loss) {

    public PredictionRow {
        topClasses = List.copyOf(topClasses);
        topProbabilities = List.copyOf(topProbabilities);
    }

    /** Parses a data row (cells as {@link Csv#split} gives them). */
    static PredictionRow parse(List<String> cells) {
        if (cells.size() < 5 + 2 * EvalReport.TOP_K) {
            throw new IllegalArgumentException(
                    "predictions.csv row has " + cells.size() + " cells: " + cells);
        }
        List<String> names = new java.util.ArrayList<>();
        List<Double> probs = new java.util.ArrayList<>();
        for (int i = 0; i < EvalReport.TOP_K; i++) {
            String n = cells.get(4 + 2 * i);
            if (!n.isEmpty()) {
                names.add(n);
                probs.add(num(cells.get(5 + 2 * i)));
            }
        }
        return new PredictionRow(
                cells.get(0),
                cells.get(1),
                cells.get(2),
                num(cells.get(3)),
                names,
                probs,
                num(cells.get(4 + 2 * EvalReport.TOP_K)));
    }

    private static double num(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
