package org.commonplace.orchestrator.supervise;

import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.policy.Ticker;
import org.commonplace.orchestrator.supervise.Transitions.Trigger;

/**
 * The stop of everything (SIGINT, SIGTERM, SIGHUP, a client's {@code shutdown}, a core failure): in
 * order, dependents first ({@link StopOrder}); a second request kills every process group at once
 * ({@link StopRequests}), and then what the children left behind too ({@link Leftovers}). It changes
 * processes only through the supervisor's transitions. Supervisor thread only.
 */
final class StopAll {
    private final Supervisor supervisor;
    private final Actions actions;
    private final Console console;
    private final BurstLines lines;
    private final Ticker ticker;
    private final StopRequests requests = new StopRequests();
    /** Who gets the stop signal next. */
    private final StopOrder order = new StopOrder();
    /** Whether everything was killed at once (a second stop request): what the children left behind too. */
    private boolean killing;

    StopAll(Supervisor supervisor, Actions actions, Console console, BurstLines lines, Ticker ticker) {
        this.supervisor = supervisor;
        this.actions = actions;
        this.console = console;
        this.lines = lines;
        this.ticker = ticker;
    }

    void onRequest(Event.StopRequested request) {
        switch (requests.take(request.reason(), request.force(), ticker.millis())) {
            case STOP -> {
                if (!supervisor.stopping) {
                    begin(request.reason() + ": stopping all processes (dependents first)");
                }
            }
            case REPEAT -> lines.say(request.reason() + " again within " + StopRequests.SAME_REQUEST_MS
                    + " ms: the same request; send it again later to kill everything at once");
            case KILL -> {
                supervisor.announce(SnapshotListener.Milestone.STOPPING);
                supervisor.stopping = true;
                killing = true;
                console.info(request.reason() + " again: killing every process group now");
                supervisor.slots.values().forEach(s -> supervisor.apply(s, Trigger.KILL, null));
            }
            case NOTHING_MORE -> {
            }
        }
    }

    /** Stops everything in order, dependents first: what waits or backs off now, the rest as its dependents end. */
    void begin(String line) {
        supervisor.announce(SnapshotListener.Milestone.STOPPING);
        supervisor.stopping = true;
        supervisor.slots.values().forEach(actions::reportStorm);
        console.info(line);
        supervisor.slots.values().forEach(s -> {
            if (s.state == ProcessState.WAITING || s.state == ProcessState.BACKING_OFF) {
                supervisor.apply(s, Trigger.STOP, null);
            }
        });
    }

    /** SIGKILL to every process group with a child in it, and no more stopping in order: the last resort. */
    void killEverything() {
        supervisor.stopping = true;
        for (Slot slot : supervisor.slots.values()) {
            if (slot.child != null && slot.state.hasLiveChild()) {
                supervisor.apply(slot, Trigger.KILL, null);
            }
        }
    }

    /** After each event of the stop: the stop signal to every running process none of whose dependents is still alive. */
    void advance() {
        order.advance(supervisor.slots, slot -> supervisor.apply(slot, Trigger.STOP, null));
    }

    /** {@return whether everything was killed at once, so what the children left behind is killed too} */
    boolean killing() {
        return killing;
    }
}
