package org.commonplace.orchestrator.watch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Measures what watching a big checkout costs (the figure in docs/config.md, "watch"): a tree of FILES
 * files in FOLDERS folders, watched whole ({@code **}), then left alone for SECONDS. Prints the heap the
 * watch holds (after GC), the kernel's inotify marks (from /proc/slabinfo, when readable), and the
 * context switches of the watching threads while nothing changes. Not a test: run by hand,
 * {@code java -cp target/classes:target/test-classes org.commonplace.orchestrator.watch.WatchCost DIR [FILES FOLDERS SECONDS]}.
 */
public final class WatchCost {
    private static final java.util.Set<String> THREADS = new java.util.TreeSet<>();

    private WatchCost() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int folders = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        if (!Files.exists(root.resolve("f0"))) {
            for (int d = 0; d < folders; d++) {
                // Two levels, as a checkout has: 1/10 of the folders at the top, the rest under them.
                Path folder = Files.createDirectories(root.resolve("f" + (d % Math.max(1, folders / 10))).resolve("d" + d));
                for (int f = 0; f < files / folders; f++) {
                    Files.writeString(folder.resolve("file" + f + ".py"), "");
                }
            }
        }
        long heapBefore = heap();
        long marksBefore = inotifyMarkBytes();
        List<String> warnings = new CopyOnWriteArrayList<>();
        var watcher = new FileWatcher(warnings::add);
        long start = System.nanoTime();
        watcher.watch("tree", new Interest(root, List.of("**/*.py"), List.of(), 500), c -> System.out.println("told " + c));
        long expected;
        try (var walk = Files.walk(root)) {
            expected = walk.filter(Files::isDirectory).count();
        }
        while (watcher.folders() < Math.min(expected, Folders.MAX) && warnings.isEmpty()) {
            Thread.sleep(50); // a measurement by hand, not a test: polled
        }
        long registeredMs = (System.nanoTime() - start) / 1_000_000;
        long heapAfter = heap();
        long marksAfter = inotifyMarkBytes();
        long switchesBefore = switches();
        Thread.sleep(seconds * 1000L);
        long switchesAfter = switches();
        System.out.printf("files %d, folders %d watched (of %d), registered in %d ms%n", files, watcher.folders(), expected, registeredMs);
        System.out.printf("heap held by the watch: %.2f MB (%d bytes per folder)%n", (heapAfter - heapBefore) / 1e6,
                (heapAfter - heapBefore) / Math.max(1, watcher.folders()));
        System.out.printf("kernel inotify marks: %s%n", marksBefore < 0 ? "unknown (/proc/slabinfo unreadable)"
                : String.format("%.2f MB", (marksAfter - marksBefore) / 1e6));
        System.out.printf("context switches of the watching threads %s in %d s of quiet: %d%n", THREADS, seconds,
                switchesAfter - switchesBefore);
        warnings.forEach(w -> System.out.println("warning: " + w));
        watcher.close();
    }

    private static long heap() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The bytes of the kernel's inotify mark cache (objects times slab object size, from
     * /sys/kernel/slab; a cache merged with others counts theirs too, so only the difference means
     * anything), or -1 when unreadable.
     */
    private static long inotifyMarkBytes() {
        try {
            Path slab = Path.of("/sys/kernel/slab/inotify_inode_mark");
            long objects = Long.parseLong(Files.readString(slab.resolve("objects")).trim().split("\\s+")[0]);
            return objects * Long.parseLong(Files.readString(slab.resolve("slab_size")).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Voluntary and involuntary context switches of our watcher thread and the JDK's poller of the service. */
    private static long switches() throws IOException {
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String comm = Files.readString(task.resolve("comm")).trim();
                if (comm.equals("file-watch") || comm.startsWith("FileSystemWatch")) {
                    THREADS.add(comm);
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.contains("ctxt_switches")) {
                            total += Long.parseLong(line.replaceAll("\\D", ""));
                        }
                    }
                }
            }
        }
        return total;
    }
}
