package org.commonplace.orchestrator.watch;

import java.nio.file.Path;

/**
 * A burst of changes, told once it is over.
 *
 * @param file     the first file that changed, relative to the interest's base
 * @param others   how many other files changed in the same burst (counted up to {@link Debouncer#MAX_DISTINCT})
 * @param overflow whether the kernel dropped events meanwhile (then anything may have changed)
 */
public record Change(Path file, int others, boolean overflow) {
    /** {@return the change in a few words: "src/app.py changed", "src/app.py and 3 more changed"} */
    public String describe() {
        if (overflow) {
            return "many files changed (" + file + " first; the kernel's event queue overflowed)";
        }
        return file + (others == 0 ? "" : others >= Debouncer.MAX_DISTINCT - 1 ? " and more than " + others + " other files"
                : " and " + others + (others == 1 ? " other file" : " other files")) + " changed";
    }
}
