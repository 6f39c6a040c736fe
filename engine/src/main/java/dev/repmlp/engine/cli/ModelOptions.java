package dev.repmlp.engine.cli;

import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The architecture options shared by the commands: a preset name or a JSON config. */
final class ModelOptions {

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Choice choice;

    @Option(
            names = {"-r", "--resolution"},
            paramLabel = "RES",
            description = "Input resolution (default: the config's native one).")
    Integer resolution;

    static final class Choice {
        @Option(
                names = {"-a", "--arch"},
                paramLabel = "NAME",
                completionCandidates = PresetNames.class,
                description = "Preset: ${COMPLETION-CANDIDATES}.")
        String arch;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "Custom JSON config with upstream's RepMLPNet argument names.")
        Path config;
    }

    /**
     * The chosen config (at -r when given) with only its architecture checked: for commands whose
     * input size comes from elsewhere (an input file) or does not matter (conversion).
     */
    RepMlpNetConfig architecture() throws IOException {
        requireChoice();
        RepMlpNetConfig c =
                choice.arch != null
                        ? RepMlpNetPresets.get(choice.arch)
                        : RepMlpNetConfig.readJson(choice.config);
        if (resolution != null) {
            c = c.withImageSize(resolution);
        }
        c.validateArchitecture();
        return c;
    }

    /** The architecture is optional in the parser (.onnx files carry theirs); others need it. */
    private void requireChoice() {
        if (choice == null) {
            throw new IllegalArgumentException(
                    "no architecture given: add -a NAME (a preset) or --config FILE");
        }
    }

    /** The chosen config at the chosen resolution, validated. */
    RepMlpNetConfig config() throws IOException {
        requireChoice();
        RepMlpNetConfig c =
                choice.arch != null
                        ? RepMlpNetPresets.get(choice.arch)
                        : RepMlpNetConfig.readJson(choice.config);
        if (resolution != null) {
            c = c.withImageSize(resolution);
            c.validateAt(resolution, "-r " + resolution);
        } else {
            c.validate();
        }
        return c;
    }
}
