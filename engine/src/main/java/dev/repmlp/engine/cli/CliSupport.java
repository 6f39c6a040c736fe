package dev.repmlp.engine.cli;

import dev.repmlp.engine.checkpoint.Structure;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.RepMlpNet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Small helpers shared by the commands. */
final class CliSupport {
    private CliSupport() {}

    /** Reads and strictly loads weights, telling the user what was loaded. */
    static void loadWeights(RepMlpNet net, Path file, PrintWriter out) throws IOException {
        StateDict sd = Weights.read(file);
        Weights.load(net, sd, file.getFileName().toString());
        out.printf(
                "=> loaded %s (%s weights, %d entries)%n",
                file, Structure.of(sd.keys()).label(), sd.size());
        for (String note : sd.notes()) {
            out.printf("   note: %s%n", note);
        }
    }
}
