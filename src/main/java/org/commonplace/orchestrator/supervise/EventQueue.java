package org.commonplace.orchestrator.supervise;

import java.util.ArrayDeque;

/**
 * The loop's queue, in two lanes. A stop request (a signal, {@code shutdown}, a core thread that failed), the SIGUSR2 table and a
 * snapshot ({@code ps}) go ahead of everything else: whatever floods the other lane (a burst of
 * commands, of exits, of remote states) must not hold up a stop or a look at the state, and none of
 * these changes what the events behind it mean (a command behind a stop is refused, as it would be
 * after it). Within each lane, events keep their order. Putting never blocks.
 */
final class EventQueue {
    private final ArrayDeque<Event> urgent = new ArrayDeque<>();
    private final ArrayDeque<Event> rest = new ArrayDeque<>();

    /** {@return whether {@code event} goes ahead of the others} */
    static boolean urgent(Event event) {
        return switch (event) {
            case Event.StopRequested s -> true;
            case Event.CoreFailed f -> true; // a stop too: the sooner, the less a broken core can miss
            case Event.StatusRequested s -> true;
            case Event.Control c -> c.command() instanceof Command.Snapshot || c.command() instanceof Command.Shutdown;
            default -> false;
        };
    }

    synchronized void add(Event event) {
        (urgent(event) ? urgent : rest).addLast(event);
        notify(); // one taker: the loop
    }

    /** {@return the next event, urgent ones first; waits for one} */
    synchronized Event take() throws InterruptedException {
        while (urgent.isEmpty() && rest.isEmpty()) {
            wait();
        }
        return poll();
    }

    /** {@return the next event, urgent ones first, or null when there is none} */
    synchronized Event poll() {
        Event next = urgent.pollFirst();
        return next != null ? next : rest.pollFirst();
    }

    /** {@return the stop requests queued, taken out of the queue} */
    synchronized java.util.List<Event.StopRequested> takeStopRequests() {
        var taken = new java.util.ArrayList<Event.StopRequested>();
        for (var it = urgent.iterator(); it.hasNext(); ) {
            if (it.next() instanceof Event.StopRequested request) {
                taken.add(request);
                it.remove();
            }
        }
        return taken;
    }

    synchronized boolean isEmpty() {
        return urgent.isEmpty() && rest.isEmpty();
    }
}
