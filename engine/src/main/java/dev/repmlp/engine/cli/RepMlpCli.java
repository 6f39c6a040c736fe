package dev.repmlp.engine.cli;

import dev.repmlp.engine.EngineInfo;
import dev.repmlp.engine.PathEncoding;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the headless command line ({@code ./repmlp}). */
@Command(
        name = "repmlp",
        mixinStandardHelpOptions = true,
        versionProvider = RepMlpCli.VersionProvider.class,
        description = "RepMLP Workbench: RepMLPNet training, conversion and evaluation.",
        subcommands = {
            CheckCommand.class,
            ConvertCommand.class,
            ExportCommand.class,
            InfoCommand.class,
            LogitsCommand.class,
            TestCommand.class,
            TrainCommand.class,
            RunsCommand.class,
            SweepCommand.class,
            MergeTestCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class RepMlpCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the picocli command line with all subcommands. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RepMlpCli());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine.IParameterExceptionHandler usage = cl.getParameterExceptionHandler();
        cl.setParameterExceptionHandler(
                (ex, args) -> {
                    // a non-ASCII path under the C locale: say how to fix it, not the usage
                    boolean badPath = false;
                    for (Throwable t = ex; t != null; t = t.getCause()) {
                        badPath |= t instanceof java.nio.file.InvalidPathException;
                    }
                    badPath |= String.valueOf(ex.getMessage()).contains("InvalidPathException");
                    if (badPath && !PathEncoding.isUtf8()) {
                        ex.getCommandLine().getErr().println("error: " + PathEncoding.HINT);
                        return 2;
                    }
                    return usage.handleParseException(ex, args);
                });
        cl.setExecutionExceptionHandler(
                (ex, commandLine, parseResult) -> {
                    // Expected failures (bad files, bad configs) get one clear line, no trace.
                    boolean expected =
                            ex instanceof java.io.IOException
                                    || ex instanceof java.io.UncheckedIOException
                                    || ex instanceof IllegalArgumentException
                                    || ex.getCause() instanceof OutOfMemoryError;
                    commandLine.getErr().println("error: " + describe(ex));
                    if (!expected) {
                        ex.printStackTrace(commandLine.getErr());
                    }
                    commandLine.getErr().flush();
                    return 2;
                });
        return cl;
    }

    private static String describe(Exception ex) {
        if (ex instanceof java.nio.file.InvalidPathException && !PathEncoding.isUtf8()) {
            return PathEncoding.HINT;
        }
        if (ex instanceof java.nio.file.NoSuchFileException nsf) {
            return nsf.getFile()
                    + ": "
                    + (nsf.getReason() == null ? "no such file" : nsf.getReason());
        }
        return ex.getMessage() == null ? ex.toString() : ex.getMessage();
    }

    public static void main(String[] args) {
        // the installed launcher starts Java directly: under the C locale, restart with UTF-8
        java.util.Optional<Integer> restarted = PathEncoding.restartWithUtf8(args);
        if (restarted.isPresent()) {
            System.exit(restarted.get());
        }
        int exit;
        try {
            exit = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("error: " + dev.repmlp.engine.OutOfMemory.describe(e));
            exit = 2;
        }
        System.exit(exit);
    }

    /** Prints the workbench, DJL and PyTorch versions and the devices. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            EngineInfo info = EngineInfo.detect();
            return new String[] {
                "RepMLP Workbench " + info.workbenchVersion(),
                "DJL " + info.djlVersion() + ", " + info.engineName() + " " + info.pytorchVersion(),
                "Devices: CPU ("
                        + info.cpuThreads()
                        + " threads)"
                        + (info.gpus().isEmpty()
                                ? ", no GPU"
                                : ", GPUs: " + String.join(", ", info.gpus()))
            };
        }
    }
}
