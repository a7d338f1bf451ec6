package org.commonplace.orchestrator.top;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Draws a {@link TopModel} on a Lanterna screen: a title line, the table (the selected row in reverse,
 * the state in its colour), a rule naming whose output follows, the output pane, the status line and
 * the keys. It draws into the screen's back buffer and refreshes by difference, so only the cells
 * that changed are sent to the terminal.
 */
final class TopScreen {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final TerminalScreen screen;
    private final String title;

    TopScreen(TerminalScreen screen, String title) {
        this.screen = screen;
        this.title = title;
    }

    static Key key(KeyStroke stroke) {
        return switch (stroke.getKeyType()) {
            case Character -> stroke.isCtrlDown() && (stroke.getCharacter() == 'c' || stroke.getCharacter() == 'C')
                    ? Key.of(Key.Kind.CTRL_C) : Key.of(stroke.getCharacter());
            case ArrowUp -> Key.of(Key.Kind.UP);
            case ArrowDown -> Key.of(Key.Kind.DOWN);
            case Enter -> Key.of(Key.Kind.ENTER);
            case Escape -> Key.of(Key.Kind.ESCAPE);
            case Backspace -> Key.of(Key.Kind.BACKSPACE);
            case EOF -> Key.of(Key.Kind.EOF);
            default -> Key.of(Key.Kind.OTHER);
        };
    }

    void draw(TopModel model, Instant now) throws IOException {
        TerminalSize resized = screen.doResizeIfNecessary();
        TerminalSize size = screen.getTerminalSize();
        int width = size.getColumns();
        int height = size.getRows();
        screen.clear();
        TextGraphics g = screen.newTextGraphics();
        String clock = CLOCK.format(now);
        put(g, 0, 0, fit(title, width - clock.length() - 1), width);
        put(g, width - clock.length(), 0, clock, width);

        List<List<String>> table = model.table(now);
        int room = Math.max(1, Math.min(table.size() - 1, (height - 4) / 2 - 1));
        int selected = model.selectedIndex();
        int first = selected < room ? 0 : selected - room + 1;
        int[] widths = widths(table);
        int gap = total(widths, 2) <= width ? 2 : 1;
        g.enableModifiers(SGR.BOLD);
        put(g, 0, 1, join(table.getFirst(), widths, gap), width);
        g.disableModifiers(SGR.BOLD);
        int y = 2;
        for (int i = first; i < Math.min(table.size() - 1, first + room); i++, y++) {
            List<String> cells = table.get(i + 1);
            boolean isSelected = i == selected;
            if (isSelected) {
                g.enableModifiers(SGR.REVERSE);
                put(g, 0, y, " ".repeat(width), width);
            }
            put(g, 0, y, join(cells, widths, gap), width);
            int stateX = widths[0] + gap;
            g.setForegroundColor(colour(model.visible().get(i).state()));
            put(g, stateX, y, cells.get(1), width);
            g.setForegroundColor(TextColor.ANSI.DEFAULT);
            g.disableModifiers(SGR.REVERSE);
        }
        if (table.size() == 1) {
            put(g, 0, y++, model.filter().isEmpty() ? "(no processes)" : "(no process matches '" + model.filter() + "')", width);
        }
        String rule = "── " + model.paneTitle() + (model.filter().isEmpty() ? "" : " ── filter: " + model.filter()
                + (model.editingFilter() ? "_" : "")) + " ";
        put(g, 0, y, rule + "─".repeat(Math.max(0, width - rule.length())), width);
        int paneTop = y + 1;
        int paneHeight = Math.max(0, height - 2 - paneTop);
        List<String> lines = model.pane(paneHeight);
        for (int i = 0; i < lines.size(); i++) {
            put(g, 0, paneTop + i, lines.get(i), width);
        }
        g.enableModifiers(SGR.BOLD);
        put(g, 0, height - 2, model.status(), width);
        g.disableModifiers(SGR.BOLD);
        g.enableModifiers(SGR.REVERSE);
        put(g, 0, height - 1, fit(model.footer(), width) + " ".repeat(Math.max(0, width - model.footer().length())), width);
        g.disableModifiers(SGR.REVERSE);
        screen.refresh(resized != null ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
    }

    static TextColor colour(String state) {
        return switch (state) {
            case "running" -> TextColor.ANSI.GREEN;
            case "starting" -> TextColor.ANSI.CYAN;
            case "backing_off" -> TextColor.ANSI.YELLOW;
            case "stopping" -> TextColor.ANSI.MAGENTA;
            case "failed" -> TextColor.ANSI.RED;
            default -> TextColor.ANSI.DEFAULT;
        };
    }

    private static int[] widths(List<List<String>> table) {
        int[] widths = new int[table.getFirst().size()];
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        return widths;
    }

    private static int total(int[] widths, int gap) {
        int sum = 0;
        for (int w : widths) {
            sum += w + gap;
        }
        return sum - gap;
    }

    private static String join(List<String> cells, int[] widths, int gap) {
        var line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(cells.get(i));
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cells.get(i).length() + gap));
            }
        }
        return line.toString();
    }

    private static void put(TextGraphics g, int x, int y, String text, int width) {
        if (x < width && y >= 0) {
            g.putString(x, y, fit(text, width - x));
        }
    }

    private static String fit(String text, int width) {
        return text.length() <= Math.max(0, width) ? text : text.substring(0, Math.max(0, width));
    }
}
