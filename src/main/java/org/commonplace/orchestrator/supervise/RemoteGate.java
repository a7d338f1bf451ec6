package org.commonplace.orchestrator.supervise;

import java.util.HashMap;
import java.util.Map;
import org.commonplace.orchestrator.output.Console;

/**
 * What the loop knows of the remote dependencies ({@code INSTANCE/NAME}): ready or not, as the broker
 * last said. Until the broker has said anything, a remote dependency is not ready, so what depends on
 * it waits. Losing one later is said once and stops nothing, as with a local dependency that restarts.
 * Owned by the loop thread.
 */
final class RemoteGate {
    private record Known(boolean satisfied, String detail, boolean everSatisfied) {
    }

    private final Map<String, Known> known = new HashMap<>();
    private final Console console;

    RemoteGate(Console console) {
        this.console = console;
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
     * Takes what the broker says now; says a loss of a dependency that was ready once.
     *
     * @param dependents the processes that depend on it, for the line that says what keeps running
     */
    void update(Event.RemoteDependency news, java.util.List<String> dependents) {
        Known before = known.get(news.dependency());
        boolean ever = news.satisfied() || (before != null && before.everSatisfied());
        known.put(news.dependency(), new Known(news.satisfied(), news.detail(), ever));
        boolean was = before != null && before.satisfied();
        if (news.satisfied() && !was) {
            console.info("remote dependency " + news.dependency() + " is ready");
        } else if (!news.satisfied() && was) {
            console.info("remote dependency " + news.dependency() + " is no longer ready (" + news.detail() + ")"
                    + (dependents.isEmpty() ? "" : "; " + String.join(", ", dependents)
                    + (dependents.size() == 1 ? " keeps" : " keep") + " running"));
        }
    }
}
