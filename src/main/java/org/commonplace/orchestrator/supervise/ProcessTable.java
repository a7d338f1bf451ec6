package org.commonplace.orchestrator.supervise;

import java.util.Collection;
import java.util.Locale;
import org.commonplace.orchestrator.output.Console;

/**
 * The process table printed on request (SIGUSR2): one line per process, with its state, pid (while
 * it has a child) and how many times it was restarted, aligned so that it reads as a table; and
 * "liveness failing N" while its liveness check fails.
 */
final class ProcessTable {
    private ProcessTable() {
    }

    /** Prints the table; on the supervisor thread, so the states are current. */
    static void print(String reason, Collection<Slot> slots, Console console) {
        int width = slots.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        console.info(reason + ": " + slots.size() + (slots.size() == 1 ? " process" : " processes"));
        for (Slot slot : slots) {
            String pid = slot.child != null && slot.state.hasLiveChild() ? Long.toString(slot.child.pid()) : "-";
            String health = HealthChecks.health(slot);
            console.info(String.format(Locale.ROOT, "  %-" + width + "s  %-11s  pid %-7s  restarts %d", slot.name(),
                    slot.state.name().toLowerCase(Locale.ROOT), pid, restarts(slot))
                    + (health.startsWith("failing") ? "  liveness " + health : ""));
        }
    }

    /** Every start attempt after the first was a restart. */
    private static int restarts(Slot slot) {
        return Math.max(0, slot.runId - 1);
    }
}
