package org.commonplace.orchestrator.spawn.custody;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.commonplace.orchestrator.spawn.ChildProcesses;
import org.commonplace.orchestrator.spawn.GroupCustody;
import org.commonplace.orchestrator.spawn.OsLauncher;
import org.commonplace.orchestrator.spawn.ProcStat;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.runtime.RuntimeDir;

/**
 * Everything the orchestrator started, and everything those started, accounted for so that nothing
 * outlives it: the guard (a dead man's switch that kills recorded groups if we die), the run record
 * (kills a dead predecessor's leftovers at the next start), and adoption of orphans (we are the child
 * subreaper, so a daemon whose parent exited becomes our child; we reap it when it exits and stop it
 * when we stop).
 *
 * <p>Thread-safe: the launcher and the supervisor thread call it, the reaper thread reports into it.
 */
public final class Custody implements GroupCustody, AutoCloseable {
    private final Guard guard;
    private final RunRecord record;
    private final Set<Long> groups = ConcurrentHashMap.newKeySet();
    private final Set<Long> adopted = ConcurrentHashMap.newKeySet();
    private final Map<Long, CompletableFuture<Void>> reaped = new ConcurrentHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Coalescer adoptionLook = new Coalescer("find-adopted", this::findAdopted);
    /** See {@link #linesFilePrefix()}; this process's own when the config's runtime files are not known. */
    private volatile String linesFilePrefix = "crash-pid" + ProcessHandle.current().pid() + "-";

    private Custody(Guard guard, RunRecord record) {
        this.guard = guard;
        this.record = record;
    }

    /**
     * {@return how the names of the config's {@code on_failure} lines files start}: the config's own
     * ({@code RunFiles.linesFilePrefix}), as this custody holds its lock, so a lines file found with it
     * was left by a run that died
     */
    public String linesFilePrefix() {
        return linesFilePrefix;
    }

    /**
     * Thrown when the orchestrator must not run: another one runs the same config, or its runtime
     * directory is not safe to use. The message says which, and what to do.
     */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Takes the config's lock, kills a dead predecessor's leftovers, becomes child subreaper and
     * starts the guard. What it did is in {@link #notes()}.
     */
    public static Custody open(Path config) throws Refused {
        RunRecord record;
        var notes = new ArrayList<String>();
        String linesPrefix = null;
        try {
            RunFiles files = RunFiles.of(config);
            record = RunRecord.open(config, files);
            linesPrefix = files.linesFilePrefix();
            for (String killed : record.killLeftovers()) {
                notes.add("killed " + killed + ", left behind by an orchestrator of " + config + " that died");
            }
        } catch (ConfigLock.HeldElsewhere | RuntimeDir.Unsafe e) {
            throw new Refused(e.getMessage());
        } catch (IOException e) {
            record = null;
            notes.add("cannot keep a run record (" + e.getMessage() + "); leftovers of a crash will not be found");
        }
        var custody = new Custody(Guard.startOrTakeAhead(OsLauncher.SETSID.toString()), record);
        if (linesPrefix != null) {
            custody.linesFilePrefix = linesPrefix;
        }
        custody.notes.addAll(notes);
        if (custody.guard == null) {
            custody.notes.add("cannot start the guard process (bash); if the orchestrator is killed, grandchildren may survive");
        }
        if (!ChildProcesses.adoptOrphans(custody::orphanReaped)) {
            custody.notes.add("cannot become child subreaper; daemonizing children will not be tracked");
        }
        return custody;
    }

    /** Says through {@code say} (one line) when the run record cannot be written, and when it can again. */
    public void reportTo(java.util.function.Consumer<String> say) {
        if (record != null) {
            record.reportTo(say);
        }
    }

    /**
     * Starts the guard now, on a thread of its own, for the next {@link #open} to take: a run that
     * calls this before reading its config finds the guard up when it opens custody.
     */
    public static void startGuardAhead() {
        if (OsLauncher.SETSID != null) {
            Guard.startAhead(OsLauncher.SETSID.toString());
        }
    }

    /**
     * {@return a custody that keeps no record, starts no guard and adopts no orphans}: for launching
     * from a JVM that is not an orchestrator (the launcher tests), where becoming the subreaper of
     * every process the JVM starts would take their exits from the JDK.
     */
    public static Custody detached() {
        return new Custody(null, null);
    }

    @Override
    public boolean guarded() {
        return guard != null;
    }

    /** {@return what opening did or could not do, one line each} */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    @Override
    public void groupStarted(long pgid) {
        groups.add(pgid);
        // One read of /proc serves the guard and the record: both tell a reused pid by its start time.
        OptionalLong start = ProcStat.startTime(pgid);
        if (start.isEmpty()) {
            return; // exited already; its exit is reported and released as any other
        }
        if (guard != null) {
            guard.addGroup(pgid, start.getAsLong());
        }
        if (record != null) {
            record.add("g", pgid, start.getAsLong());
        }
    }

    /**
     * The group's leader has exited and the group was swept: also look for orphans it left. Called
     * before the leader is reaped, while its zombie still holds the id, so that neither the guard nor
     * the record can ever name the id once it is free for someone else.
     */
    @Override
    public void groupReleased(long pgid) {
        if (!groups.remove(pgid)) {
            return;
        }
        if (guard != null) {
            guard.removeGroup(pgid);
        }
        if (record != null) {
            record.remove("g", pgid);
        }
        lookForAdoptedSoon();
    }

    /**
     * Looks for new orphans off the caller's thread, coalesced: reading every thread's children list
     * costs a millisecond, which a restart should not wait for.
     */
    private void lookForAdoptedSoon() {
        adoptionLook.request();
    }

    /** Notices orphans reparented to us since we last looked. */
    public synchronized List<Long> findAdopted() {
        var found = new ArrayList<Long>();
        long self = ProcessHandle.current().pid();
        for (long pid : ProcStat.childrenOfSelf()) {
            if (ChildProcesses.isOurs(pid) || adopted.contains(pid)) {
                continue;
            }
            // The list was read before isOurs: a child of ours that was reaped in between is no longer
            // listed as ours, and its pid may be a stranger's by now. Only a live process whose parent is
            // us when read again is an orphan we adopted.
            OptionalLong start = ProcStat.startTimeIfChildOf(pid, self);
            if (start.isEmpty()) {
                continue;
            }
            if (adopted.add(pid)) {
                found.add(pid);
                reaped.computeIfAbsent(pid, p -> new CompletableFuture<>());
                if (start.isPresent() && guard != null) {
                    guard.addPid(pid, start.getAsLong());
                }
                if (start.isPresent() && record != null) {
                    record.add("p", pid, start.getAsLong());
                }
            }
        }
        adopted.removeIf(pid -> !ProcStat.isRunning(pid) && forget(pid));
        return found;
    }

    private void orphanReaped(long pid) {
        if (adopted.remove(pid)) {
            forget(pid);
        }
        reaped.computeIfAbsent(pid, p -> new CompletableFuture<>()).complete(null);
    }

    private boolean forget(long pid) {
        if (guard != null) {
            guard.removePid(pid);
        }
        if (record != null) {
            record.remove("p", pid);
        }
        return true;
    }

    /** {@return the adopted orphans that still run} */
    public List<Long> adoptedAlive() {
        findAdopted();
        return adopted.stream().filter(ProcStat::isRunning).sorted().toList();
    }

    /**
     * Stops the adopted orphans that still run, and with each everything in its process group and
     * session: see {@link OrphanStop#stop}.
     *
     * @param say hears one line per process stopped or killed
     * @return how many had to be killed
     */
    public int stopAdopted(long timeoutMs, Consumer<String> say) {
        return stopAdopted(timeoutMs, () -> false, say);
    }

    /** As {@link #stopAdopted(long, Consumer)}, killing at once when {@code hurry} says so (a second stop signal). */
    public int stopAdopted(long timeoutMs, BooleanSupplier hurry, Consumer<String> say) {
        return new OrphanStop(this::adoptedAlive, adopted::contains, this::awaitReaped).stop(timeoutMs, hurry, say);
    }

    /** The timeout of {@link #stopAdopted} that kills at once: SIGKILL, without a SIGTERM first. */
    public static final long KILL_AT_ONCE = OrphanStop.KILL_AT_ONCE;

    private boolean awaitReaped(long pid, long timeoutMs) {
        try {
            reaped.computeIfAbsent(pid, p -> new CompletableFuture<>()).get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !ProcStat.isRunning(pid);
        } catch (InterruptedException | ExecutionException e) {
            return false;
        }
    }

    /** Ends custody after a clean stop: the guard exits, the record and lock go. */
    @Override
    public void close() {
        if (guard != null) {
            guard.close();
        }
        if (record != null) {
            record.close();
        }
    }

}
