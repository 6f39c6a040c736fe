package dev.repmlp.engine.cli;

import dev.repmlp.engine.slurm.SlurmRecord;
import dev.repmlp.engine.slurm.SlurmResources;
import dev.repmlp.engine.slurm.SlurmStatus;
import dev.repmlp.engine.slurm.SlurmWatch;
import dev.repmlp.engine.slurm.Sweep;
import dev.repmlp.engine.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code repmlp sweep}: a grid of trainings, on this machine or as a Slurm job array. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "Trains one run per point of a grid (the cartesian product of the --grid values; KEY"
                    + " as in --set, e.g. base_lr) into DIR/<point>/, with DIR/sweep.json listing"
                    + " the points. Takes every option of `repmlp train`.",
            "Without --slurm the points train one after another on this machine; with --slurm"
                    + " they are one Slurm job array (a task per point)."
        })
final class SweepCommand extends TrainCommand {

    @Option(
            names = "--grid",
            paramLabel = "KEY=V1,V2",
            required = true,
            description = "A setting and its values (repeatable: the grid is their product).")
    List<String> grid = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        slurm.checkUsedWithSlurm();
        PrintWriter out = spec.commandLine().getOut();
        if (resume != null || name != null || runDir != null || slurmJob) {
            throw new IllegalArgumentException(
                    "sweep takes no --resume, --name or --run-dir: each point's run folder is"
                            + " DIR/<point>; resume a point with repmlp train --resume DIR/<point>");
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--out")) {
            throw new IllegalArgumentException(
                    "sweep needs --out DIR, the sweep's folder (e.g. --out runs/lr-sweep)");
        }
        Path dir = out().toAbsolutePath().normalize();
        if (Files.exists(dir.resolve(Sweep.FILE))) {
            throw new IOException(dir + " already holds a sweep; choose another --out");
        }
        Map<String, List<String>> g = Sweep.parseGrid(grid);
        List<String> trainArgs = new ArrayList<>();
        trainArgs.add("train");
        List<String> skip = new ArrayList<>(SlurmTrain.NOT_IN_JOB);
        skip.add("--grid");
        trainArgs.addAll(SlurmCli.givenOptions(spec, skip));
        Sweep sweep = Sweep.of(g, trainArgs);
        TrainingConfig base = baseConfig();
        for (Sweep.Point p : sweep.points()) {
            try {
                base.with(p.values()).validate();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "sweep point " + p.values() + ": " + e.getMessage(), e);
            }
        }
        out.printf("sweep of %d point(s) in %s%n", sweep.points().size(), dir);
        out.flush();
        if (slurm.slurm) {
            SlurmResources res = slurm.resources();
            Sweep submitted = SlurmCli.submitter().submitSweep(dir, sweep, res);
            out.printf(
                    "submitted Slurm job array %s (script %s)%n",
                    submitted.job(), dir.resolve(SlurmRecord.SCRIPT));
            for (Sweep.Point p : sweep.points()) {
                out.printf("  %s_%d: %s%n", submitted.job(), p.index(), dir.resolve(p.run()));
            }
            out.flush();
            if (!slurm.await) {
                return 0;
            }
            List<SlurmWatch.Target> targets = new ArrayList<>();
            for (Sweep.Point p : sweep.points()) {
                Path run = dir.resolve(p.run());
                targets.add(SlurmCli.target(p.run(), run, SlurmRecord.read(run).orElseThrow()));
            }
            Map<SlurmWatch.Target, SlurmStatus> end =
                    SlurmCli.watch().await(targets, SlurmCli.printer(out));
            out.print(submitted.table(dir));
            out.flush();
            return SlurmCli.exitCode(end.values());
        }
        Files.createDirectories(dir);
        sweep.write(dir);
        int rc = 0;
        for (Sweep.Point p : sweep.points()) {
            List<String> args = new ArrayList<>(trainArgs);
            args.addAll(p.setArgs());
            args.add("--run-dir");
            args.add(dir.resolve(p.run()).toString());
            out.printf("== point %d/%d: %s%n", p.index() + 1, sweep.points().size(), p.values());
            out.flush();
            CommandLine cl = RepMlpCli.commandLine();
            cl.setOut(spec.commandLine().getOut());
            cl.setErr(spec.commandLine().getErr());
            int r = cl.execute(args.toArray(String[]::new));
            if (r != 0 && rc == 0) {
                rc = r;
            }
            if (r == 130) {
                out.println("stopped: the remaining points were not trained");
                break;
            }
        }
        out.print(sweep.table(dir));
        out.flush();
        return rc;
    }

    private Path out() {
        return out;
    }
}
