package org.commonplace.orchestrator.supervise;

import java.util.List;

/**
 * What a client (the control socket) asks of the supervisor. Posted as {@link Event.Control} with a
 * future for the {@link CommandReply}; carried out on the loop thread, which alone touches state.
 */
public sealed interface Command {
    /** The state of every process. */
    record Snapshot() implements Command {
    }

    /** Start stopped processes, their stopped dependencies first; replies once each is running or has failed. */
    record Start(List<String> names) implements Command {
        public Start {
            names = List.copyOf(names);
        }
    }

    /**
     * Stop processes by hand (they stay stopped). With {@code withDependents}, what depends on them
     * (transitively) stops first; otherwise dependents keep running and the reply warns about them.
     * Replies once each has stopped.
     */
    record Stop(List<String> names, boolean withDependents) implements Command {
        public Stop {
            names = List.copyOf(names);
        }
    }

    /** Stop (when running) and start again, the backoff reset; replies once each runs again or has failed. */
    record Restart(List<String> names) implements Command {
        public Restart {
            names = List.copyOf(names);
        }
    }

    /**
     * A file the process watches changed (its {@code "watch"}): restart it as {@link Restart} does,
     * saying so in one line that names the file; a process stopped by hand stays stopped, and one that
     * waits for its dependencies waits on. Replies at once (nobody waits for it: the file watcher posts it).
     *
     * @param change what changed, in words ("src/app.py changed")
     */
    record RestartForChange(String name, String change) implements Command {
    }

    /**
     * Supervise this list instead (a reloaded config, already planned): start the added, stop the
     * removed (dependents first), restart the changed, keep the rest. Replies at once with what it did.
     *
     * @param processes in start order
     */
    record Reload(List<ManagedProcess> processes) implements Command {
        public Reload {
            processes = List.copyOf(processes);
        }
    }

    /**
     * Run {@code count} replicas of the replicated process {@code name} (stopping the highest above it,
     * adding new ones up to it); replies at once with what it did, as a reload does (see {@link Scale}).
     */
    record Scale(String name, int count) implements Command {
    }

    /**
     * Send {@code signal} to each process's child: its whole process group, or with {@code mainOnly}
     * the main process alone. Replies at once; a process without a live child is refused, and nothing
     * is sent to any of them. What the signal does (an exit, a pause) the supervisor sees as it sees
     * any other.
     */
    record Signal(List<String> names, int signal, boolean mainOnly) implements Command {
        public Signal {
            names = List.copyOf(names);
        }
    }

    /**
     * Answer once each process is ready (running ready, or a one-shot job that did its job), or as soon
     * as one has failed for good (or waits on a dependency that did); with no names, every process.
     * Nothing is started: this only waits.
     */
    record Wait(List<String> names) implements Command {
        public Wait {
            names = List.copyOf(names);
        }
    }

    /** Stop everything, as SIGTERM does; replies at once. */
    record Shutdown(String reason) implements Command {
    }
}
