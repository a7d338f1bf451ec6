package org.commonplace.orchestrator.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.commonplace.orchestrator.model.ProcessSnapshot;
import org.commonplace.orchestrator.model.ProcessState;
import org.commonplace.orchestrator.supervise.Event;
import org.commonplace.orchestrator.supervise.Scheduler;
import org.commonplace.orchestrator.supervise.SnapshotListener;

/**
 * Tells systemd how the orchestrator is, by its notify protocol (sd_notify(3)), when it runs as a
 * {@code Type=notify} service: {@code READY=1} the first time every process is ready, {@code STATUS=}
 * with a {@link StatusLine} after every change, {@code STOPPING=1} when a stop begins, {@code
 * RELOADING=1} and {@code READY=1} around a reload, and {@code WATCHDOG=1} at half the interval systemd
 * asks for ({@code WatchdogSec=}).
 *
 * <p>A listener of the supervisor: every call comes on the loop thread, and each sends at most one
 * datagram that never blocks ({@link UnixDatagram}). The watchdog ping is sent from the loop too,
 * by an event a timer posts, and only when the I/O loop has turned since the last one: a wedged
 * loop, either of them, sends none, and systemd restarts the service, which is the point. The timer is armed again only once the ping was sent, so a loop that was stuck does
 * not find a heap of pings queued.
 */
public final class SystemdNotifier implements SnapshotListener {
    private final Consumer<String> send;
    private final Supplier<Instant> clock;
    private final Map<String, ProcessSnapshot> processes = new LinkedHashMap<>();
    private boolean readySent;
    private boolean stopping;
    private String lastStatus = "";

    /**
     * @param send  sends one notify message (newline-separated assignments) to systemd
     * @param clock the wall clock, against which the snapshots' next restart times are counted down
     */
    public SystemdNotifier(Consumer<String> send, Supplier<Instant> clock) {
        this.send = send;
        this.clock = clock;
    }

    /**
     * {@return a notifier that sends to {@code NOTIFY_SOCKET}, or empty when it is not set (not run by
     * systemd as a notify service)}
     *
     * @param warn told once when a message cannot be sent (the service then goes on without telling)
     */
    public static Optional<SystemdNotifier> fromEnvironment(Map<String, String> env, Consumer<String> warn) {
        String address = env.getOrDefault("NOTIFY_SOCKET", "");
        if (address.isEmpty()) {
            return Optional.empty();
        }
        UnixDatagram socket = UnixDatagram.open();
        boolean[] warned = {false};
        Consumer<String> send = message -> socket.send(address, message).ifPresent(why -> {
            if (!warned[0]) {
                warned[0] = true;
                warn.accept("cannot tell systemd at NOTIFY_SOCKET=" + address + " (" + why + "); going on without");
            }
        });
        return Optional.of(new SystemdNotifier(send, Instant::now));
    }

    /**
     * {@return how often to ping the watchdog, in ms: half of {@code WATCHDOG_USEC}; empty when systemd
     * did not ask (no {@code WatchdogSec=}) or asked another process ({@code WATCHDOG_PID})}
     */
    public static Optional<Long> watchdogIntervalMs(Map<String, String> env, long ownPid) {
        try {
            long usec = Long.parseLong(env.getOrDefault("WATCHDOG_USEC", "0"));
            String pid = env.getOrDefault("WATCHDOG_PID", "");
            if (usec <= 0 || !pid.isEmpty() && Long.parseLong(pid) != ownPid) {
                return Optional.empty();
            }
            return Optional.of(Math.max(1, usec / 2000));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Pings the watchdog every {@code intervalMs} from the supervisor loop ({@code post} hands the
     * ping to it), and only when the I/O loop turned too: {@code ioLoopTurned} says whether it turned
     * since the last ping, and pokes it to turn before the next. Either loop stuck, and systemd hears
     * no ping: it then restarts the service (WatchdogSec=), which is the point.
     *
     * @param warn told once per stall of the I/O loop that the ping is held back
     */
    public void startWatchdog(long intervalMs, Scheduler scheduler, Consumer<Event> post, BooleanSupplier ioLoopTurned,
                              Consumer<String> warn) {
        Runnable[] ping = new Runnable[1];
        boolean[] stalled = {false};
        ping[0] = () -> {
            if (ioLoopTurned.getAsBoolean()) {
                stalled[0] = false;
                send.accept("WATCHDOG=1");
            } else if (!stalled[0]) {
                stalled[0] = true;
                warn.accept("the I/O loop has not turned for " + intervalMs + " ms; the systemd watchdog is not pinged until it does");
            }
            scheduler.schedule(intervalMs, () -> post.accept(new Event.Call(ping[0])));
        };
        post.accept(new Event.Call(ping[0]));
    }

    @Override
    public void changed(ProcessSnapshot snapshot) {
        processes.put(snapshot.name(), snapshot);
    }

    @Override
    public void removed(String name) {
        processes.remove(name);
    }

    @Override
    public void settled() {
        String status = StatusLine.of(processes.values(), clock.get());
        if (!readySent && !stopping && allReady()) {
            readySent = true;
            lastStatus = status;
            send.accept("READY=1\nSTATUS=" + status);
        } else if (!status.equals(lastStatus)) {
            lastStatus = status;
            send.accept("STATUS=" + status);
        }
    }

    @Override
    public void milestone(Milestone milestone) {
        switch (milestone) {
            case STOPPING -> {
                stopping = true;
                send.accept("STOPPING=1");
            }
            // Before the first READY=1 systemd is still starting us: a reload then is no reload to it.
            case RELOADING -> {
                if (readySent && !stopping) {
                    send.accept("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
                }
            }
            case RELOADED -> {
                if (readySent && !stopping) {
                    send.accept("READY=1");
                }
            }
        }
    }

    /** Ready: each process runs and passed its check, or ended by itself and is not meant to run again. */
    private boolean allReady() {
        return !processes.isEmpty() && processes.values().stream().allMatch(p -> p.state() == ProcessState.RUNNING
                || p.state() == ProcessState.STOPPED && !p.stoppedByHand());
    }
}
