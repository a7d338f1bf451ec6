package org.commonplace.orchestrator.supervise;

import java.util.HashMap;
import java.util.Map;
import org.commonplace.orchestrator.policy.Burst;

/**
 * What the loop knows of the remote dependencies ({@code INSTANCE/NAME}): ready or not, as the broker
 * last said. Until the broker has said anything, a remote dependency is not ready, so what depends on
 * it waits. Losing one later is said once and stops nothing, as with a local dependency that restarts.
 * A dependency that flaps (more than {@link #FLAP_LIMIT} changes within {@link #FLAP_WINDOW_MS}: a
 * crash-looping remote process, or someone publishing online/offline as fast as the broker takes it)
 * is no longer told change by change but summed up every {@link Burst#REPORT_MS}, as a restart storm is.
 * Owned by the loop thread.
 */
final class RemoteGate {
    /** More changes than this within the window make a dependency flap. */
    static final int FLAP_LIMIT = 4;
    static final long FLAP_WINDOW_MS = 60_000;

    private record Known(boolean satisfied, String detail, boolean everSatisfied) {
    }

    private final Map<String, Known> known = new HashMap<>();
    /** Per remote dependency of the config (so as many as it names, no more): its changes, kept few in words. */
    private final Map<String, Burst> flaps = new HashMap<>();
    /** Says the changes, and sums up those of a dependency that flaps. */
    private final BurstLines lines;

    RemoteGate(BurstLines lines) {
        this.lines = lines;
    }

    /** {@return whether the remote process is ready, as far as the broker has said} */
    boolean satisfied(String dependency) {
        Known k = known.get(dependency);
        return k != null && k.satisfied();
    }

    /** {@return how it is, in words: "instance b offline", "backing_off", "nothing heard yet on the broker"} */
    String describe(String dependency) {
        Known k = known.get(dependency);
        return k == null ? "nothing heard of it on the broker yet" : k.detail();
    }

    /**
     * Takes what the broker says now; says a loss of a dependency that was ready once, and its return.
     *
     * @param dependents the processes that depend on it, for the line that says what keeps running
     */
    void update(Event.RemoteDependency news, java.util.List<String> dependents) {
        Known before = known.get(news.dependency());
        boolean ever = news.satisfied() || (before != null && before.everSatisfied());
        known.put(news.dependency(), new Known(news.satisfied(), news.detail(), ever));
        boolean was = before != null && before.satisfied();
        if (news.satisfied() == was) {
            return;
        }
        String dependency = news.dependency();
        String now = news.satisfied() ? "ready" : "not ready (" + news.detail() + ")";
        String line = news.satisfied()
                ? "remote dependency " + dependency + " is ready"
                : "remote dependency " + dependency + " is no longer ready (" + news.detail() + ")"
                        + (dependents.isEmpty() ? "" : "; " + String.join(", ", dependents)
                        + (dependents.size() == 1 ? " keeps" : " keep") + " running");
        String flapping = "remote dependency " + dependency + " flaps (" + (FLAP_LIMIT + 1) + " changes within "
                + FLAP_WINDOW_MS / 1000 + " s; now " + now + "); from now on its changes are counted and summed up every "
                + Burst.REPORT_MS / 1000 + " s" + (dependents.isEmpty() ? "" : "; what runs keeps running");
        Burst burst = flaps.computeIfAbsent(dependency, d -> new Burst(FLAP_LIMIT, FLAP_WINDOW_MS));
        lines.tell(burst, now, line, flapping, sum -> "remote dependency " + dependency + " changed " + sum.count()
                + (sum.count() == 1 ? " time" : " times") + " in the last " + sum.window() + "; now " + sum.last());
    }
}
