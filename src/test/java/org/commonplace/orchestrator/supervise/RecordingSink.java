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

    synchronized boolean any(String fragment) {
        return lines.stream().anyMatch(l -> l.contains(fragment));
    }
}
