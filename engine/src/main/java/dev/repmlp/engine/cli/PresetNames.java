package dev.repmlp.engine.cli;

import dev.repmlp.engine.model.RepMlpNetPresets;
import java.util.Iterator;

/**
 * The preset names of {@link RepMlpNetPresets}, as picocli's {@code completionCandidates}: the
 * {@code --arch} help lists them through {@code ${COMPLETION-CANDIDATES}} instead of a copy.
 */
final class PresetNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return RepMlpNetPresets.names().iterator();
    }
}
