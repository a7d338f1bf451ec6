package org.commonplace.orchestrator.supervise;

import java.util.Objects;

/**
 * What is to become of a process once its current state has run its course: the one thing besides its
 * state that the transition table reads. A client or a reload sets it (through a trigger of {@link
 * Transitions}), and the table says what an exit, a stop or a start then does with it. Immutable.
 *
 * @param kind what is to become of it
 * @param spec the spec it runs with at its next start; only for {@link Kind#REPLACE}, else null
 */
record Intent(Kind kind, ManagedProcess spec) {
    /** The kinds of intent. */
    enum Kind {
        /** Supervise it by its policy: restart what exits as the restart policy says. */
        NONE,
        /** A client stopped it: it stops (dependents asked with it first) and stays stopped until started. */
        STOP_BY_HAND,
        /** Start it again once it has stopped (a restart by hand, or a start while it stops). */
        RESTART,
        /** Start it again with {@link #spec} once it has stopped (a reload changed how it runs). */
        REPLACE,
        /** A reload removed it: it stops, and is dropped once it has. */
        REMOVE,
        /** It is stopped as a failure (not ready in time, hung, leaked): its exit is restarted by policy. */
        RECOVER,
        /** The orchestrator stops: nothing is restarted or started any more. */
        SHUTDOWN
    }

    static final Intent NONE = new Intent(Kind.NONE, null);
    static final Intent STOP_BY_HAND = new Intent(Kind.STOP_BY_HAND, null);
    static final Intent RESTART = new Intent(Kind.RESTART, null);
    static final Intent REMOVE = new Intent(Kind.REMOVE, null);
    static final Intent RECOVER = new Intent(Kind.RECOVER, null);
    static final Intent SHUTDOWN = new Intent(Kind.SHUTDOWN, null);

    Intent {
        Objects.requireNonNull(kind);
        if ((kind == Kind.REPLACE) != (spec != null)) {
            throw new IllegalArgumentException("a spec goes with REPLACE, and only with it");
        }
    }

    static Intent replace(ManagedProcess spec) {
        return new Intent(Kind.REPLACE, spec);
    }

    static Intent of(Kind kind, ManagedProcess spec) {
        return switch (kind) {
            case NONE -> NONE;
            case STOP_BY_HAND -> STOP_BY_HAND;
            case RESTART -> RESTART;
            case REPLACE -> replace(spec);
            case REMOVE -> REMOVE;
            case RECOVER -> RECOVER;
            case SHUTDOWN -> SHUTDOWN;
        };
    }

    /** {@return whether it stops for good: by hand, removed, or with the orchestrator} */
    boolean stopsForGood() {
        return kind == Kind.STOP_BY_HAND || kind == Kind.REMOVE || kind == Kind.SHUTDOWN;
    }

    /** {@return whether it starts again once stopped} */
    boolean startsAgain() {
        return kind == Kind.RESTART || kind == Kind.REPLACE;
    }
}
