package dev.orbit.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * Text columns: a header row, then rows; each column as wide as its widest cell, two spaces apart, numbers
 * aligned right.
 */
final class Table {

    private final String[] headers;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * @param headers column headers; a header starting with '>' is aligned right (the '>' is not shown).
     */
    Table(final String... headers) {
        this.headers = new String[headers.length];
        this.right = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            right[i] = headers[i].startsWith(">");
            this.headers[i] = right[i] ? headers[i].substring(1) : headers[i];
        }
    }

    Table row(final Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("row has cells=" + cells.length + ", expected columns=" + headers.length);
        }
        final String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = printable(String.valueOf(cells[i]));
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void appendTo(final StringBuilder out, final String indent) {
        final int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
            for (final String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        line(out, indent, headers, widths);
        for (final String[] row : rows) {
            line(out, indent, row, widths);
        }
    }

    private void line(final StringBuilder out, final String indent, final String[] cells, final int[] widths) {
        final int start = out.length();
        out.append(indent);
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append("  ");
            }
            final int pad = widths[i] - cells[i].length();
            if (right[i]) {
                out.append(" ".repeat(pad)).append(cells[i]);
            }
            else {
                out.append(cells[i]).append(" ".repeat(pad));
            }
        }
        int end = out.length();
        while (end > start && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        out.append('\n');
    }

    /**
     * Labels and owners come from other processes: control characters (an ANSI escape among them) are shown as
     * '?' so that they cannot move the cursor or recolour the terminal.
     */
    static String printable(final String text) {
        StringBuilder clean = null;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                if (clean == null) {
                    clean = new StringBuilder(text);
                }
                clean.setCharAt(i, '?');
            }
        }
        return clean == null ? text : clean.toString();
    }
}
