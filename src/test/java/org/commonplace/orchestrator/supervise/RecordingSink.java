package org.commonplace.orchestrator.supervise;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.commonplace.orchestrator.output.OutputSink;

/** Keeps every line written, stdout and stderr together, in order. */
final class RecordingSink implements OutputSink {
    final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void out(byte[] bytes, int off, int len) {
        new String(bytes, off, len, StandardCharsets.UTF_8).lines().forEach(lines::add);
    }

    @Override
    public synchronized void err(byte[] bytes, int off, int len) {
        new String(bytes, off, len, StandardCharsets.UTF_8).lines().forEach(l -> lines.add("ERR " + l));
    }

    /**
     * {@return every line so far, one per line}: assert on it ({@code assertThat(sink.text()).contains(...)})
     * so that a failure prints what was said, not just "expected true".
     */
    synchronized String text() {
        return String.join("\n", lines);
    }

    /** For conditions only (an Awaitility wait, a filter); an assertion uses {@link #text()}. */
    synchronized boolean any(String fragment) {
        return lines.stream().anyMatch(l -> l.contains(fragment));
    }
}
