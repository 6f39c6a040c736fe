package dev.repmlp.engine.eval;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV cells: quoting on write, splitting one line on read (no newlines inside cells). */
public final class Csv {
    private Csv() {}

    /** {@code cell} quoted when it holds a comma, quote, CR or LF (newlines become spaces). */
    public static String cell(String cell) {
        String c = cell.replace('\n', ' ').replace('\r', ' ');
        if (c.indexOf(',') < 0 && c.indexOf('"') < 0) {
            return c;
        }
        return '"' + c.replace("\"", "\"\"") + '"';
    }

    /** The cells of one CSV line, unquoted. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        b.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    b.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(ch);
            }
        }
        out.add(b.toString());
        return out;
    }
}
