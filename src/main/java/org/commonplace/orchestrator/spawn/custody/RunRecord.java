package org.commonplace.orchestrator.spawn.custody;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.commonplace.orchestrator.spawn.ProcStat;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.runtime.Uid;

/**
 * The second line of defence against orphans: what the orchestrator answers for, written down.
 *
 * <p>While it runs, the orchestrator holds its config's lock ({@link ConfigLock}) and keeps in the run record the sessions and
 * adopted pids it is answerable for, each with its start time, and a heartbeat: the time of the last
 * write, refreshed every {@link #HEARTBEAT_MS} while anything is listed. A clean exit deletes the
 * record, then releases the lock. If the next start with the same config finds a record, its predecessor died
 * without cleaning up, and what it left is killed — but only a process that is provably its:
 * <ul>
 *   <li>for a recorded session: a member of that session (its session id is the recorded one), that
 *       started no earlier than the recorded leader and no later than the last heartbeat;</li>
 *   <li>for a recorded adopted pid: that pid with exactly the recorded start time;</li>
 *   <li>and only within the same boot, and only from a record file that is ours (owner, not a link).</li>
 * </ul>
 * A stranger that got a recorded id after the orchestrator died started after its last heartbeat, so
 * it is never hit. Every kill goes through a pidfd opened before the start time is checked again.
 */
final class RunRecord implements AutoCloseable {
    static final long HEARTBEAT_MS = 30_000;
    private static final String MAGIC = "commonplace-orchestrator-record 2";

    private final RunFiles files;
    private final ConfigLock lock;
    private final Map<String, Long> entries = new LinkedHashMap<>();
    private final Object fileLock = new Object();
    private final Coalescer writer = new Coalescer("run-record", this::write);
    private final String bootId = ProcStat.bootId();
    private Thread heartbeat;
    private boolean closed;
    private volatile Consumer<String> say = line -> { };
    /** Whether the last write could not read the time; only the writer's thread (one at a time) uses it. */
    private volatile boolean failing;

    private RunRecord(RunFiles files, ConfigLock lock) {
        this.files = files;
        this.lock = lock;
    }

    /** Takes the config's locks and opens its record; see {@link ConfigLock}. */
    static RunRecord open(Path config, RunFiles files) throws IOException, ConfigLock.HeldElsewhere {
        return new RunRecord(files, ConfigLock.take(config, files));
    }

    /**
     * Kills what a predecessor that died left behind, and forgets its record.
     *
     * @return one line per process killed
     */
    List<String> killLeftovers() throws IOException {
        var killed = new ArrayList<String>();
        Path recordFile = files.record();
        if (!Files.exists(recordFile, LinkOption.NOFOLLOW_LINKS)) {
            return killed;
        }
        Parsed record = trusted(recordFile) ? parse(Files.readAllLines(recordFile)) : null;
        if (record != null && record.bootId().equals(bootId)) {
            List<ProcStat.Entry> processes = ProcStat.all();
            for (Parsed.Item item : record.items()) {
                for (ProcStat.Entry p : processes) {
                    if (leftBehind(item, p, record.beat()) && !p.zombie() && p.pid() > 1) {
                        String command = ProcStat.commandLine(p.pid());
                        if (ProcessGroups.signalIfSame(p.pid(), p.startTime(), ProcessGroups.SIGKILL)) {
                            killed.add("pid " + p.pid() + " (" + command + ")");
                        }
                    }
                }
            }
        }
        Files.deleteIfExists(recordFile);
        return killed;
    }

    /** Whether {@code p} is provably what the dead orchestrator recorded in {@code item}. */
    static boolean leftBehind(Parsed.Item item, ProcStat.Entry p, long beat) {
        if (p.startTime() > beat) {
            return false; // started after the orchestrator's last sign of life: not its
        }
        return switch (item.kind()) {
            // A session outlives its leader, and while any member lives its id cannot be reused.
            case "g" -> p.session() == item.id() && p.startTime() >= item.start();
            case "p" -> p.pid() == item.id() && p.startTime() == item.start();
            default -> false;
        };
    }

    /** Only a regular file of ours, reached without a link, is believed. */
    private static boolean trusted(Path file) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && ((Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)) == Uid.effective();
        } catch (IOException e) {
            return false;
        }
    }

    /** A record as read back: the boot it was written in, its last heartbeat, and its entries. */
    record Parsed(String bootId, long beat, List<Item> items) {
        record Item(String kind, long id, long start) {
        }
    }

    /** {@return the record, or null when it is not one of ours in this format} */
    static Parsed parse(List<String> lines) {
        if (lines.isEmpty() || !lines.getFirst().equals(MAGIC)) {
            return null;
        }
        String boot = null;
        long beat = -1;
        var items = new ArrayList<Parsed.Item>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(" ");
            try {
                switch (f[0]) {
                    case "boot" -> boot = f.length == 2 ? f[1] : null;
                    case "beat" -> beat = Long.parseLong(f[1]);
                    case "g", "p" -> items.add(new Parsed.Item(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
                    default -> {
                        return null;
                    }
                }
            } catch (RuntimeException e) {
                return null;
            }
        }
        return boot == null || beat < 0 ? null : new Parsed(boot, beat, List.copyOf(items));
    }

    /** Lists a group ({@code "g"}) or an adopted pid ({@code "p"}) that started at {@code startTime}. */
    synchronized void add(String kind, long pid, long startTime) {
        entries.put(kind + " " + pid, startTime);
        scheduleWrite();
        startHeartbeat();
    }

    synchronized void remove(String kind, long pid) {
        if (entries.remove(kind + " " + pid) != null) {
            scheduleWrite();
        }
    }

    /**
     * Refreshes the record's heartbeat while it lists anything, so that what a dead orchestrator's
     * record matches ends at its last sign of life. One wake-up every 30 s.
     */
    private void startHeartbeat() {
        if (heartbeat != null || closed) {
            return;
        }
        heartbeat = Thread.ofVirtual().name("run-record-heartbeat").start(() -> {
            while (true) {
                try {
                    Thread.sleep(HEARTBEAT_MS);
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    if (entries.isEmpty()) {
                        continue;
                    }
                }
                scheduleWrite();
            }
        });
    }

    /**
     * Writes the record off the caller's thread, coalescing: a burst of 50 starts is a write or two,
     * not 50, and a restart never waits for the disk.
     */
    private void scheduleWrite() {
        writer.request();
    }

    /** Where a write that cannot be done is said (once, and once when it can be done again). */
    void reportTo(Consumer<String> say) {
        this.say = say;
    }

    private void write() {
        long beat;
        try {
            beat = ProcStat.nowTicks();
        } catch (IOException e) {
            // Out of open files, most likely: the record keeps its last heartbeat until a later write.
            if (!failing) {
                failing = true;
                say.accept("run record: " + e.getMessage() + "; it is written again when that can be read");
            }
            return;
        }
        if (failing) {
            failing = false;
            say.accept("run record: written again");
        }
        String text;
        synchronized (this) {
            if (closed) {
                return;
            }
            var builder = new StringBuilder(MAGIC).append('\n');
            builder.append("boot ").append(bootId).append('\n');
            builder.append("beat ").append(beat).append('\n');
            entries.forEach((key, start) -> builder.append(key).append(' ').append(start).append('\n'));
            text = builder.toString();
        }
        synchronized (fileLock) {
            Path recordFile = files.record();
            Path temp = null;
            try {
                // A fresh name, created exclusively (0600): nothing anyone put at a fixed name is followed.
                temp = Files.createTempFile(recordFile.getParent(), recordFile.getFileName() + ".", ".tmp");
                Files.writeString(temp, text);
                Files.move(temp, recordFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // The record is a second line of defence; the guard and parent-death signal still work.
                deleteQuietly(temp);
            }
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (heartbeat != null) {
                heartbeat.interrupt();
            }
        }
        synchronized (fileLock) {
            try {
                Files.deleteIfExists(files.record());
            } catch (NoSuchFileException e) {
                // already gone
            } catch (IOException e) {
                // the next run finds it and, with nothing listed that still runs, kills nothing
            }
            lock.release();
        }
    }
}
