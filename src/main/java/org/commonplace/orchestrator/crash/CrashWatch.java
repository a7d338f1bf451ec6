package org.commonplace.orchestrator.crash;

import java.util.HashMap;
import java.util.Map;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.supervise.SnapshotListener;

/**
 * The supervisor's listener that notices crashes: it keeps the snapshot each process was last told
 * with, asks {@link CrashDetector} about each change, and hands a crash to the {@link CrashDesk} with a
 * mark of the lines recorded so far (the lines after it belong to the next run). Supervisor thread
 * only; it compares two records and offers to a bounded queue, nothing more.
 */
public final class CrashWatch implements SnapshotListener {
    private final Map<String, ProcessSnapshot> last = new HashMap<>();
    private final RecentLines lines;
    private final CrashDesk desk;

    public CrashWatch(RecentLines lines, CrashDesk desk) {
        this.lines = lines;
        this.desk = desk;
    }

    @Override
    public void changed(ProcessSnapshot now) {
        ProcessSnapshot before = last.put(now.name(), now);
        CrashDetector.crash(before, now).ifPresent(gaveUp -> desk.offer(new CrashDesk.Crash(now, gaveUp, lines.mark())));
    }

    @Override
    public void removed(String name) {
        last.remove(name);
        desk.forget(name);
    }
}
