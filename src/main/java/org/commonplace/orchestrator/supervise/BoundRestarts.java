package org.commonplace.orchestrator.supervise;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.commonplace.orchestrator.output.Console;

/**
 * {@code "restart": true} in {@code depends_on} (compose's, systemd's {@code BindsTo=}): a process bound
 * to a dependency that goes down is marked to restart with it, down a chain, as each one marked goes
 * down for its own bound dependents (at most one pass per process). Loop thread only.
 */
final class BoundRestarts {
    private final Map<String, Slot> slots;
    private final Dependencies dependencies;
    private final Console console;
    private final Consumer<Slot> dependencyDown;

    /** @param dependencyDown applies {@link Transitions.Trigger#DEPENDENCY_DOWN} to a slot */
    BoundRestarts(Map<String, Slot> slots, Dependencies dependencies, Console console, Consumer<Slot> dependencyDown) {
        this.slots = slots;
        this.dependencies = dependencies;
        this.console = console;
        this.dependencyDown = dependencyDown;
    }

    /** Marks every live process whose bound dependency is down (or about to go) to restart with it. */
    void follow() {
        boolean changed = true;
        for (int pass = 0; changed && pass <= slots.size(); pass++) {
            changed = false;
            for (Slot slot : slots.values()) {
                Optional<String> down = slot.alive() && slot.intent.kind() == Intent.Kind.NONE
                        ? dependencies.boundDependencyDown(slot) : Optional.empty();
                if (down.isPresent()) {
                    console.info(slot.name() + " restarts with " + down.get() + " (\"restart\": true): it stops now and starts"
                            + " again once " + down.get() + " is back");
                    dependencyDown.accept(slot);
                    changed = true;
                }
            }
        }
    }
}
