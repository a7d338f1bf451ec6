package org.commonplace.orchestrator.spawn.custody;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.commonplace.orchestrator.spawn.ProcStat;
import org.commonplace.orchestrator.spawn.ProcessGroups;

/**
 * The end of custody for adopted orphans (daemons our children left behind, reparented to us):
 * stopping them, their groups and sessions, round after round, on the way out. {@link Custody} knows
 * which orphans it holds and sees them reaped; this only signals and waits.
 */
final class OrphanStop {
    /** Waits up to a timeout for an adopted orphan of ours to be reaped; {@return whether it was} */
    interface Reaped {
        boolean await(long pid, long timeoutMs);
    }

    private final Supplier<List<Long>> adoptedAlive;
    private final LongPredicate isAdopted;
    private final Reaped awaitReaped;

    OrphanStop(Supplier<List<Long>> adoptedAlive, LongPredicate isAdopted, Reaped awaitReaped) {
        this.adoptedAlive = adoptedAlive;
        this.isAdopted = isAdopted;
        this.awaitReaped = awaitReaped;
    }

    /**
     * Stops the adopted orphans that still run (daemons whose parent was one of our children), and
     * with each everything in its process group and session: SIGTERM, then SIGKILL after
     * {@code timeoutMs}, or SIGKILL alone when that is {@link #KILL_AT_ONCE}. Looks again afterwards,
     * round after round, until no new orphan appears: a daemon's own children are reparented to us
     * only once it has exited. Every signal goes through a pidfd, checked against the start time we
     * saw, so a pid reused meanwhile is never hit.
     *
     * While it waits for them to stop it asks {@code hurry} every {@link #HURRY_EVERY_MS}: once that
     * says yes (a second stop signal came meanwhile), whatever still runs is killed at once.
     *
     * @param say hears one line per process stopped or killed
     * @return how many had to be killed
     */
    int stop(long timeoutMs, BooleanSupplier hurry, Consumer<String> say) {
        int killed = 0;
        boolean atOnce = timeoutMs == KILL_AT_ONCE;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<AdoptedFamily.Member> members = AdoptedFamily.of(adoptedAlive.get());
            if (members.isEmpty()) {
                return killed;
            }
            if (atOnce) {
                // A second stop signal: no SIGTERM and no wait for it, as for the children's groups.
                for (AdoptedFamily.Member m : members) {
                    say.accept("killing pid " + m.pid() + " (" + m.command() + "): " + m.why());
                    ProcessGroups.signalIfSame(m.pid(), m.startTime(), ProcessGroups.SIGKILL);
                }
                for (AdoptedFamily.Member m : members) {
                    awaitGone(m, 2000);
                    killed++;
                }
                continue;
            }
            for (AdoptedFamily.Member m : members) {
                say.accept("stopping pid " + m.pid() + " (" + m.command() + "): " + m.why());
                ProcessGroups.signalIfSame(m.pid(), m.startTime(), ProcessGroups.SIGTERM);
                ProcessGroups.signalIfSame(m.pid(), m.startTime(), ProcessGroups.SIGCONT);
            }
            long deadline = System.nanoTime() + timeoutMs * 1_000_000;
            for (AdoptedFamily.Member m : members) {
                boolean gone = awaitGone(m, atOnce ? 0 : Math.min(HURRY_EVERY_MS, msLeft(deadline)));
                while (!gone && !atOnce && msLeft(deadline) > 0) {
                    atOnce = hurry.getAsBoolean();
                    gone = awaitGone(m, atOnce ? 0 : Math.min(HURRY_EVERY_MS, msLeft(deadline)));
                }
                if (!gone) {
                    say.accept(atOnce ? "killing pid " + m.pid() + " (" + m.command() + ") now"
                            : "pid " + m.pid() + " (" + m.command() + ") did not stop within " + timeoutMs + " ms; killing it");
                    ProcessGroups.signalIfSame(m.pid(), m.startTime(), ProcessGroups.SIGKILL);
                    awaitGone(m, 2000);
                    killed++;
                }
            }
        }
        return killed;
    }

    private static long msLeft(long deadlineNanos) {
        return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    /** How often a graceful {@link #stop} asks whether to hurry. */
    static final long HURRY_EVERY_MS = 50;

    /** The timeout of {@link #stop} that kills at once: SIGKILL, without a SIGTERM first. */
    static final long KILL_AT_ONCE = 0;

    /** Rounds of {@link #stop}: a family tree deeper than this is killed by the guard. */
    private static final int MAX_ROUNDS = 20;

    /** Waits for a member to exit: reaped when it is our child, gone from /proc (or a zombie) otherwise. */
    private boolean awaitGone(AdoptedFamily.Member m, long timeoutMs) {
        if (isAdopted.test(m.pid())) {
            return awaitReaped.await(m.pid(), timeoutMs);
        }
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (ProcStat.startTime(m.pid()).orElse(-1) == m.startTime() && ProcStat.isRunning(m.pid())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
