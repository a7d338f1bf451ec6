package org.commonplace.orchestrator.spawn;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The second line of defence against orphans, and the one-orchestrator-per-config lock.
 *
 * <p>While it runs, the orchestrator holds a lock on {@code commonplace-orchestrator-HASH.lock} (HASH
 * of the config's real path) in $XDG_RUNTIME_DIR or the temp folder, and keeps in
 * {@code ...HASH.pids} the process groups and adopted pids it is answerable for, each with its start
 * time. A clean exit deletes the record. If the next start with the same config finds a record, its
 * predecessor died without cleaning up: every recorded process whose pid still has the recorded start
 * time (so a reused pid is never hit) is killed.
 */
final class RunRecord implements AutoCloseable {
    private final Path recordFile;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, Long> entries = new LinkedHashMap<>();
    private final Object fileLock = new Object();
    private final Coalescer writer = new Coalescer("run-record", this::write);
    private boolean closed;

    private RunRecord(Path recordFile, FileChannel lockChannel, FileLock lock) {
        this.recordFile = recordFile;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Thrown when another orchestrator holds the lock for the same config. */
    static final class HeldElsewhere extends Exception {
        HeldElsewhere(String message) {
            super(message);
        }
    }

    static RunRecord open(Path config) throws IOException, HeldElsewhere {
        String hash = hash(config.toRealPath().toString());
        Path dir = Path.of(System.getenv().getOrDefault("XDG_RUNTIME_DIR", System.getProperty("java.io.tmpdir")));
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            dir = Path.of(System.getProperty("java.io.tmpdir"));
        }
        Path lockFile = dir.resolve("commonplace-orchestrator-" + hash + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            String holder = new String(Files.readAllBytes(lockFile), StandardCharsets.UTF_8).trim();
            channel.close();
            throw new HeldElsewhere("another orchestrator" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                    + " is already running " + config + "; stop it first");
        }
        channel.truncate(0);
        channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        return new RunRecord(dir.resolve("commonplace-orchestrator-" + hash + ".pids"), channel, lock);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Kills what a predecessor that died left behind, and forgets its record.
     *
     * @return one line per process killed
     */
    List<String> killLeftovers() throws IOException {
        var killed = new ArrayList<String>();
        if (!Files.exists(recordFile)) {
            return killed;
        }
        List<ProcStat.Entry> processes = ProcStat.all();
        for (String line : Files.readAllLines(recordFile)) {
            String[] f = line.split(" ");
            if (f.length != 3) {
                continue;
            }
            long id = Long.parseLong(f[1]);
            long start = Long.parseLong(f[2]);
            for (ProcStat.Entry p : processes) {
                // A group outlives its leader, and while it exists its id cannot be reused: members
                // started after the recorded leader are that group's. A lone pid must match exactly.
                boolean ours = f[0].equals("g") ? p.pgid() == id && p.startTime() >= start
                        : p.pid() == id && p.startTime() == start;
                if (ours && !p.zombie() && p.pid() > 1) {
                    String command = ProcStat.commandLine(p.pid());
                    if (ProcessGroups.signalProcess(p.pid(), ProcessGroups.SIGKILL)) {
                        killed.add("pid " + p.pid() + " (" + command + ")");
                    }
                }
            }
        }
        Files.deleteIfExists(recordFile);
        return killed;
    }

    synchronized void add(String kind, long pid) {
        OptionalLong start = ProcStat.startTime(pid);
        if (start.isPresent()) {
            entries.put(kind + " " + pid, start.getAsLong());
            scheduleWrite();
        }
    }

    synchronized void remove(String kind, long pid) {
        if (entries.remove(kind + " " + pid) != null) {
            scheduleWrite();
        }
    }

    /**
     * Writes the record off the caller's thread, coalescing: a burst of 50 starts is a write or two,
     * not 50, and a restart never waits for the disk.
     */
    private void scheduleWrite() {
        writer.request();
    }

    private void write() {
        String text;
        synchronized (this) {
            if (closed) {
                return;
            }
            var builder = new StringBuilder();
            entries.forEach((key, start) -> builder.append(key).append(' ').append(start).append('\n'));
            text = builder.toString();
        }
        synchronized (fileLock) {
            try {
                Path temp = recordFile.resolveSibling(recordFile.getFileName() + ".tmp");
                Files.writeString(temp, text);
                Files.move(temp, recordFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // The record is a second line of defence; the guard and parent-death signal still work.
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        synchronized (fileLock) {
            closeFiles();
        }
    }

    private void closeFiles() {
        try {
            Files.deleteIfExists(recordFile);
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // nothing left to do about it
        }
    }
}
