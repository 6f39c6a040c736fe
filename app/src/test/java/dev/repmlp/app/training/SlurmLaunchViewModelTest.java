package dev.repmlp.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.concurrent.SameThreadJobRunner;
import dev.repmlp.engine.model.RepMlpNetPresets;
import dev.repmlp.engine.slurm.JobLauncher;
import dev.repmlp.engine.slurm.Slurm;
import dev.repmlp.engine.slurm.SlurmRecord;
import dev.repmlp.engine.slurm.SlurmResources;
import dev.repmlp.engine.slurm.SlurmSubmitter;
import dev.repmlp.engine.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Train page's Slurm choice without the FX toolkit: the job's arguments reproduce the form's
 * settings, the resource fields, and a submission through a fake sbatch.
 */
class SlurmLaunchViewModelTest {
    @TempDir Path tmp;

    private final TrainingConfig cfg =
            TrainingConfig.demo()
                    .withField("epochs", 3)
                    .withField("base_lr", 0.002)
                    .withField("data_path", "/data/tiny imgs");

    /** The --set pairs of {@code args}, as picocli hands them to the train command. */
    private static Map<String, String> sets(List<String> args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("--set")) {
                String[] kv = args.get(i + 1).split("=", 2);
                m.put(kv[0], kv[1]);
            }
        }
        return m;
    }

    @Test
    void theJobsSettingsRebuildTheFormsConfigWhateverTheCliStartsFrom() {
        List<String> args = SlurmLaunchViewModel.trainArgs(cfg, "small");

        assertEquals(List.of("train", "--recipe", "small"), args.subList(0, 3));
        // the CLI starts from the demo's or a preset's defaults, then applies --set
        assertEquals(cfg, TrainingConfig.demo().with(sets(args)));
        TrainingConfig upstream = TrainingConfig.upstream(RepMlpNetPresets.get("RepMLPNet-T224"));
        assertEquals(cfg, upstream.with(sets(args)));
        assertEquals("3", sets(args).get("epochs"));
        assertEquals("\"/data/tiny imgs\"", sets(args).get("data_path"));
    }

    private SlurmLaunchViewModel viewModel(Path bin) {
        return new SlurmLaunchViewModel(
                new SameThreadJobRunner(),
                new SlurmSubmitter(
                        new Slurm(bin, Duration.ofSeconds(10)), JobLauncher.current(), tmp));
    }

    @Test
    void theChoiceAndResourcesAreRememberedAcrossRestarts() throws Exception {
        java.util.prefs.Preferences prefs =
                java.util.prefs.Preferences.userRoot()
                        .node("repmlp-test-" + java.util.UUID.randomUUID());
        try {
            SlurmLaunchViewModel first = viewModel(tmp.resolve("bin"));
            first.remember(prefs);
            first.onSlurmProperty().set(true);
            first.partitionProperty().set("gpu");
            first.timeProperty().set("2:00:00");
            SlurmLaunchViewModel next = viewModel(tmp.resolve("bin"));
            assertEquals("", next.partitionProperty().get(), "nothing before remember");
            next.remember(prefs);
            assertTrue(next.isOnSlurm());
            assertEquals("gpu", next.partitionProperty().get());
            assertEquals("2:00:00", next.timeProperty().get());
            assertEquals("", next.gpusProperty().get());
        } finally {
            prefs.removeNode();
        }
    }

    @Test
    void resourceFieldsBecomeSbatchOptionsAndBadOnesAreNamed() {
        SlurmLaunchViewModel vm = viewModel(tmp.resolve("bin"));
        vm.partitionProperty().set("gpu");
        vm.gpusProperty().set("2");
        vm.memProperty().set("16G");
        vm.timeProperty().set("1:00:00");
        SlurmResources r = vm.resources();
        assertEquals(new SlurmResources("gpu", 2, null, "16G", "1:00:00", List.of()), r);

        String script = vm.script(cfg, "small", tmp.resolve("runs/r1"), r);
        assertTrue(script.contains("#SBATCH --partition=gpu"), script);
        assertTrue(script.contains("#SBATCH --gres=gpu:2"), script);
        assertTrue(script.contains("#SBATCH --mem=16G"), script);
        assertTrue(script.contains("epochs=3"), script);
        assertTrue(script.contains(tmp.resolve("runs/r1").toString()), script);

        vm.gpusProperty().set("two");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, vm::resources);
        assertEquals(
                "GPUs must be a whole number of 0 or more, not 'two' (blank: default)",
                e.getMessage());
    }

    @Test
    void submittingWritesTheRunDirectoryAndRecordsTheJob() throws Exception {
        Path bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        Path sbatch = bin.resolve("sbatch");
        // sbatch --parsable SCRIPT: keeps the script it was given, prints a job id
        Files.writeString(
                sbatch,
                "#!/bin/sh\nfor a; do last=$a; done\ncp \"$last\" \"$(dirname \"$0\")/got.sh\"\n"
                        + "echo 77\n");
        Files.setPosixFilePermissions(sbatch, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path runs = tmp.resolve("runs");
        Files.createDirectories(runs.resolve("demo-1"));

        SlurmRecord rec =
                SlurmLaunchViewModel.submit(
                        new SlurmSubmitter(
                                new Slurm(bin, Duration.ofSeconds(10)), JobLauncher.current(), tmp),
                        cfg,
                        "small",
                        runs,
                        "demo-1",
                        SlurmResources.defaults());

        assertEquals("77", rec.job());
        // demo-1 is taken: the run gets the next free name
        Path dir = Path.of(rec.script()).getParent();
        assertEquals(runs.resolve("demo-1-2").toAbsolutePath(), dir);
        assertEquals("77", SlurmRecord.read(dir).orElseThrow().job());
        assertEquals(
                Files.readString(dir.resolve("slurm.sh")), Files.readString(bin.resolve("got.sh")));
        List<String> args = rec.args();
        assertEquals(cfg, TrainingConfig.demo().with(sets(args)));
        assertTrue(args.containsAll(List.of("--run-dir", dir.toString())), args.toString());
    }

    /**
     * Four submissions of one name at once (no cluster: a fake sbatch that takes 0.3 s): four
     * folders, each with its own job; none shares a folder.
     */
    @Test
    void submissionsStartedTogetherNeverShareARunFolder() throws Exception {
        Path bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        Path sbatch = bin.resolve("sbatch");
        Files.writeString(sbatch, "#!/bin/sh\nsleep 0.3\necho $$\n");
        Files.setPosixFilePermissions(sbatch, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path runs = tmp.resolve("runs");
        SlurmSubmitter submitter =
                new SlurmSubmitter(
                        new Slurm(bin, Duration.ofSeconds(10)), JobLauncher.current(), tmp);
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<SlurmRecord>> recs = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                recs.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    return SlurmLaunchViewModel.submit(
                                            submitter,
                                            cfg,
                                            "small",
                                            runs,
                                            "same",
                                            SlurmResources.defaults());
                                }));
            }
            go.countDown();
            java.util.Set<Path> dirs = new java.util.HashSet<>();
            java.util.Set<String> jobs = new java.util.HashSet<>();
            for (var f : recs) {
                SlurmRecord r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                Path dir = Path.of(r.script()).getParent();
                dirs.add(dir);
                jobs.add(r.job());
                assertEquals(r.job(), SlurmRecord.read(dir).orElseThrow().job(), "its own job");
            }
            assertEquals(4, dirs.size(), dirs.toString());
            assertEquals(4, jobs.size(), jobs.toString());
        } finally {
            pool.shutdownNow();
        }
    }
}
