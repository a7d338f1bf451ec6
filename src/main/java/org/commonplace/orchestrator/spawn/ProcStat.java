package org.commonplace.orchestrator.spawn;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** What /proc says about a process: its start time (to tell a reused pid apart) and our children. */
public final class ProcStat {
    private ProcStat() {
    }

    /**
     * {@return the start time of {@code pid} in clock ticks since boot (field 22 of /proc/PID/stat),
     * or empty when there is no such process}; with the pid it names one process for good.
     */
    public static OptionalLong startTime(long pid) {
        String[] fields = fieldsAfterName(pid);
        return fields == null || fields.length < 20 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fields[19]));
    }

    /** {@return the session id of {@code pid}, or -1 when there is no such process} */
    public static long session(long pid) {
        Entry e = entry(pid);
        return e == null ? -1 : e.session();
    }

    /** {@return whether {@code pid} runs (exists and is not a zombie)} */
    public static boolean isRunning(long pid) {
        String[] fields = fieldsAfterName(pid);
        return fields != null && !fields[0].equals("Z") && !fields[0].equals("X");
    }

    /**
     * {@return whether {@code pid} has certainly ended (no such process, or a zombie)} Unlike
     * {@code !isRunning}, false when /proc cannot be read (out of open files): a view must not show
     * a running process stopped because it could not look.
     */
    public static boolean hasEnded(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The fields after "(name)", starting with the state (field 3); null when the process is gone. */
    private static String[] fieldsAfterName(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@return the pids of this process's children, across all of its threads} */
    public static List<Long> childrenOfSelf() {
        var pids = new ArrayList<Long>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    for (String pid : Files.readString(task.resolve("children")).trim().split("\\s+")) {
                        if (!pid.isEmpty()) {
                            pids.add(Long.parseLong(pid));
                        }
                    }
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            // no /proc: nothing we can see
        }
        return pids;
    }

    /**
     * {@return the command line of {@code pid}, spaces between arguments}; when it has none to read
     * (a zombie, a kernel thread) its name in brackets, as ps shows it; and when the process is gone,
     * says so: a line about a process must always name it somehow.
     */
    public static String commandLine(long pid) {
        Path dir = Path.of("/proc", Long.toString(pid));
        try {
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            String text = new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ').trim();
            if (!text.isEmpty()) {
                return text;
            }
            return "[" + Files.readString(dir.resolve("comm")).trim() + "]";
        } catch (IOException e) {
            return "command line unreadable: it has just exited";
        }
    }

    /** One process as /proc lists it. */
    public record Entry(long pid, long pgid, long session, long startTime, boolean zombie) {
    }

    /** {@return what /proc says of {@code pid} now, or null when there is no such process} */
    public static Entry entry(long pid) {
        String[] f = fieldsAfterName(pid);
        if (f == null || f.length < 20) {
            return null;
        }
        return new Entry(pid, Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[19]), f[0].equals("Z"));
    }

    /**
     * {@return the start time of {@code pid} if it is a live child of {@code parent} now, read in one go
     * from /proc; empty otherwise (gone, a zombie, or somebody else's child)}
     */
    public static OptionalLong startTimeIfChildOf(long pid, long parent) {
        String[] f = fieldsAfterName(pid);
        if (f == null || f.length < 20 || f[0].equals("Z") || Long.parseLong(f[1]) != parent) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(f[19]));
    }

    /**
     * {@return the time since boot in clock ticks, the unit of {@link #startTime}}
     *
     * @throws IOException when /proc/uptime cannot be read (out of open files): a caller says so in
     *                     one line or does without, it never ends a thread
     */
    public static long nowTicks() throws IOException {
        String uptime;
        try {
            uptime = Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0];
        } catch (IOException e) {
            throw new IOException("cannot read /proc/uptime: " + reason(e), e);
        }
        try {
            return (long) (Double.parseDouble(uptime) * Native.clockTicksPerSecond());
        } catch (RuntimeException e) {
            throw new IOException("cannot read /proc/uptime: '" + uptime + "' is not a number of seconds", e);
        }
    }

    /** {@return why a file could not be read, in a few words: "Too many open files", not the path again} */
    static String reason(IOException e) {
        return e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
    }

    /** {@return this boot's id (start times are only comparable within one boot), or "" when unknown} */
    public static String bootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** {@return every process of the machine that we can see} */
    public static List<Entry> all() {
        var entries = new ArrayList<Entry>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                Entry entry = entry(pid);
                if (entry != null) {
                    entries.add(entry);
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        return entries;
    }
}
