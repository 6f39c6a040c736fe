package dev.repmlp.engine.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repmlp.engine.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The user's notes and tags on a run, kept in the run directory's {@code notes.json} (written
 * atomically: temp file, fsync, rename), so that they travel with the run and the CLI ({@code
 * repmlp runs --json}) reads them as the GUI does. The file:
 *
 * <pre>{@code
 * {"format": "repmlp-workbench-notes/1", "notes": "lr too high?", "tags": ["baseline", "t224"]}
 * }</pre>
 *
 * @param notes free text ("" when none)
 * @param tags short labels, each stripped, non-blank, without commas, each once, in the order given
 */
public record RunNotes(String notes, List<String> tags) {
    /** The file in the run directory. */
    public static final String FILE = "notes.json";

    /** The {@code format} field written and accepted. */
    public static final String FORMAT = "repmlp-workbench-notes/1";

    /** No notes, no tags (a run without {@code notes.json}). */
    public static final RunNotes EMPTY = new RunNotes("", List.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @throws IllegalArgumentException when a tag is blank or holds a comma
     */
    public RunNotes {
        notes = Objects.requireNonNull(notes, "notes");
        Set<String> seen = new LinkedHashSet<>();
        for (String t : Objects.requireNonNull(tags, "tags")) {
            String s = Objects.requireNonNull(t, "tag").strip();
            if (s.isEmpty() || s.contains(",")) {
                throw new IllegalArgumentException(
                        "tag \"" + t + "\" is blank or holds a comma: tags are short labels");
            }
            seen.add(s);
        }
        tags = List.copyOf(seen);
    }

    /**
     * Tags typed as one text, separated by commas: {@code "baseline, t224,,baseline"} gives {@code
     * [baseline, t224]} (stripped, blanks dropped, each once).
     */
    public static List<String> parseTags(String text) {
        List<String> tags = new ArrayList<>();
        if (text == null) {
            return tags;
        }
        for (String part : text.split(",")) {
            String s = part.strip();
            if (!s.isEmpty() && !tags.contains(s)) {
                tags.add(s);
            }
        }
        return tags;
    }

    /** The tags as one text, {@code "baseline, t224"} (read back by {@link #parseTags}). */
    public String tagsText() {
        return String.join(", ", tags);
    }

    /** Whether there is neither a note nor a tag. */
    public boolean isEmpty() {
        return notes.isBlank() && tags.isEmpty();
    }

    /**
     * Whether {@code query} occurs, ignoring case, in the notes or a tag (a blank query matches).
     */
    public boolean mentions(String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String q = query.strip().toLowerCase(Locale.ROOT);
        if (notes.toLowerCase(Locale.ROOT).contains(q)) {
            return true;
        }
        return tags.stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(q));
    }

    /**
     * Reads {@code runDir}'s notes.json; {@link #EMPTY} when there is none.
     *
     * @throws IOException in one line naming the file and the fix when it is damaged (not JSON, not
     *     an object, another format, notes not text, tags not a list of text); the file is left as
     *     it is
     */
    public static RunNotes read(Path runDir) throws IOException {
        Path p = runDir.resolve(FILE);
        if (!Files.isRegularFile(p)) {
            return EMPTY;
        }
        JsonNode n;
        try {
            n = JSON.readTree(p.toFile());
        } catch (IOException e) {
            String why = RunDirectory.firstLine(e);
            throw damaged(p, "not JSON: " + why, e);
        }
        if (n == null || !n.isObject()) {
            throw damaged(p, "not a JSON object", null);
        }
        JsonNode format = n.path("format");
        if (!format.isMissingNode() && !FORMAT.equals(format.asText())) {
            throw damaged(
                    p, "format \"" + format.asText() + "\", expected \"" + FORMAT + "\"", null);
        }
        JsonNode notes = n.path("notes");
        if (!notes.isMissingNode() && !notes.isNull() && !notes.isTextual()) {
            throw damaged(p, "\"notes\" is not text", null);
        }
        JsonNode tags = n.path("tags");
        List<String> list = new ArrayList<>();
        if (!tags.isMissingNode() && !tags.isNull()) {
            if (!tags.isArray()) {
                throw damaged(p, "\"tags\" is not a list", null);
            }
            for (JsonNode t : tags) {
                if (!t.isTextual() || t.asText().isBlank() || t.asText().contains(",")) {
                    throw damaged(p, "tag " + t + " is not a short label", null);
                }
                list.add(t.asText());
            }
        }
        return new RunNotes(notes.isTextual() ? notes.asText() : "", list);
    }

    private static IOException damaged(Path p, String why, Exception cause) {
        return new IOException(
                p
                        + " is damaged ("
                        + why
                        + "); fix it in a text editor or delete it to start the notes afresh",
                cause);
    }

    /**
     * Writes {@code notes} to {@code runDir}'s notes.json atomically: a reader sees the old file or
     * the new one, never a mix. Empty notes remove the file.
     *
     * @throws IOException when {@code runDir} is not a run directory (no config.json), or naming
     *     the file when it cannot be written (the old one is kept)
     */
    public static void write(Path runDir, RunNotes notes) throws IOException {
        if (!RunRecords.isRun(runDir)) {
            throw new IOException(
                    runDir
                            + " is not a run directory (no "
                            + RunDirectory.CONFIG
                            + "); notes are kept in a run's folder");
        }
        Path p = runDir.resolve(FILE);
        if (notes.isEmpty()) {
            Files.deleteIfExists(p);
            return;
        }
        AtomicFiles.write(
                p, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(notes)));
    }

    /** The JSON object written to notes.json (also used by {@code repmlp runs --json}). */
    public static ObjectNode toJson(RunNotes notes) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("notes", notes.notes());
        ArrayNode a = o.putArray("tags");
        notes.tags().forEach(a::add);
        return o;
    }
}
