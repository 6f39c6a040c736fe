package dev.repmlp.app.training;

import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.MetricsChunk;
import dev.repmlp.engine.runs.StepMetrics;
import dev.repmlp.engine.train.TrainingConfig;
import dev.repmlp.engine.train.ValidationProgress;
import java.nio.file.Path;

/** What a training job reports to the page, in order, through an FX batcher. */
sealed interface TrainingEvent {

    /** The run exists: its directory and the config it trains with. */
    record Started(Path dir, TrainingConfig config) implements TrainingEvent {}

    /** The records a resumed run had written before. */
    record History(MetricsChunk records) implements TrainingEvent {}

    record Step(StepMetrics metrics) implements TrainingEvent {}

    record Epoch(EpochMetrics metrics) implements TrainingEvent {}

    record Log(String line) implements TrainingEvent {}

    /** How far an epoch-end validation has got (about once a second). */
    record Validating(ValidationProgress progress) implements TrainingEvent {}
}
