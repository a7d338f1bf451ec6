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
}
