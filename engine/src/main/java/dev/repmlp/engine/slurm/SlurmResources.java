package dev.repmlp.engine.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a job asks Slurm for. Null or empty fields are left to the cluster's defaults.
 *
 * @param partition {@code --partition}
 * @param gpus GPUs per job, asked for as {@code --gres=gpu:N} (0 or null: none)
 * @param cpus {@code --cpus-per-task}
 * @param mem {@code --mem}, e.g. {@code 16G}
 * @param time {@code --time}, e.g. {@code 2:00:00} or {@code 1-00:00:00}
 * @param extra further sbatch options, each written as its own {@code #SBATCH} line
 */
public record SlurmResources(
        String partition, Integer gpus, Integer cpus, String mem, String time, List<String> extra) {

    private static final Pattern MEM = Pattern.compile("\\d+[KMGT]?");
    private static final Pattern TIME =
            Pattern.compile("\\d+|\\d+:\\d{1,2}(:\\d{1,2})?|\\d+-\\d{1,2}(:\\d{1,2}(:\\d{1,2})?)?");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.,:=@%+/\\[\\]-]+");

    public SlurmResources {
        extra = extra == null ? List.of() : List.copyOf(extra);
        partition = blankToNull(partition);
        mem = blankToNull(mem);
        time = blankToNull(time);
    }

    /** Nothing asked for: the cluster's defaults. */
    public static SlurmResources defaults() {
        return new SlurmResources(null, null, null, null, null, List.of());
    }

    /** What is wrong with the fields, one sentence each (empty: fine). */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (partition != null && !WORD.matcher(partition).matches()) {
            p.add("partition '" + partition + "' is not a Slurm partition name");
        }
        if (gpus != null && gpus < 0) {
            p.add("--gpus must be 0 or more");
        }
        if (cpus != null && cpus < 1) {
            p.add("--cpus must be at least 1");
        }
        if (mem != null && !MEM.matcher(mem).matches()) {
            p.add("--mem '" + mem + "' is not a size such as 16G or 4000M");
        }
        if (time != null && !TIME.matcher(time).matches()) {
            p.add(
                    "--time '"
                            + time
                            + "' is not a Slurm time such as 30 (minutes), 2:00:00 or 1-12:00:00");
        }
        for (String e : extra) {
            if (!e.startsWith("-") || e.contains("\n")) {
                p.add("--sbatch-arg '" + e + "' is not an sbatch option such as --qos=high");
            }
        }
        return p;
    }

    /**
     * @throws IllegalArgumentException naming every problem
     */
    public void validate() {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", p));
        }
    }

    /** The sbatch options, one per {@code #SBATCH} line. */
    public List<String> sbatchOptions() {
        List<String> l = new ArrayList<>();
        if (partition != null) {
            l.add("--partition=" + partition);
        }
        if (gpus != null && gpus > 0) {
            l.add("--gres=gpu:" + gpus);
        }
        if (cpus != null) {
            l.add("--cpus-per-task=" + cpus);
        }
        if (mem != null) {
            l.add("--mem=" + mem);
        }
        if (time != null) {
            l.add("--time=" + time);
        }
        l.addAll(extra);
        return l;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
