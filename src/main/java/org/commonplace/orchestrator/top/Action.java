package org.commonplace.orchestrator.top;

/** What a key asks of {@code top} beyond changing the view. */
sealed interface Action {
    /** Only the view changed (or nothing). */
    record None() implements Action {
    }

    /** Leave, restoring the terminal. */
    record Quit() implements Action {
    }

    /** Send {@code cmd} ({@code restart}, {@code stop} or {@code start}) for the process {@code name}. */
    record Steer(String cmd, String name) implements Action {
    }

    /** Send the signal {@code signal} (as the user typed it: the orchestrator reads the name) to {@code name}'s process group. */
    record Signal(String name, String signal) implements Action {
    }
}
