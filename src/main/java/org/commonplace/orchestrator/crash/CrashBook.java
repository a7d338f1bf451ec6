package org.commonplace.orchestrator.crash;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.commonplace.orchestrator.model.CrashReport;

/**
 * The last crash of each process, for {@code ps NAME} and {@code logs --last-crash}. One report per
 * process at most (a newer one replaces it; a process a reload removes is forgotten), so it holds no
 * more than the processes' count times one report (50 lines, bounded in bytes by the log book's lines).
 * Thread-safe.
 */
public final class CrashBook {
    private final Map<String, CrashReport> latest = new ConcurrentHashMap<>();

    /** {@return the last crash of {@code name}, if it has crashed in this run} */
    public Optional<CrashReport> latest(String name) {
        return Optional.ofNullable(latest.get(name));
    }

    void put(CrashReport report) {
        latest.put(report.name(), report);
    }

    void forget(String name) {
        latest.remove(name);
    }
}
