/**
 * Training: configure a RepMLPNet, start a run on an ImageFolder dataset and follow its metrics
 * live.
 *
 * <p>{@link dev.repmlp.app.training.LaunchForm} holds the text of every training setting ({@link
 * dev.repmlp.app.training.LaunchFields}) and validates it with the engine's own checks; {@link
 * dev.repmlp.app.training.DatasetViewModel} scans the dataset off the FX thread; {@link
 * dev.repmlp.app.training.LaunchViewModel} is the form's page state (presets, validation, run name
 * and destination); {@link dev.repmlp.app.training.TrainViewModel} runs one {@code TrainingRun} at
 * a time as a job whose listener reports go to the {@link dev.repmlp.app.training.RunMonitor}
 * through an {@link dev.repmlp.app.concurrent.FxBatcher}, so the charts redraw at most ten times a
 * second however fast the steps come; {@link dev.repmlp.app.training.ResumeChooser} keeps the run
 * Resume continues.
 */
package dev.repmlp.app.training;
