package org.commonplace.orchestrator.watch;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.commonplace.orchestrator.policy.Ticker;

/**
 * Every file watch of a run: one thread and one {@link WatchService}, both made at the first {@link
 * #watch}, for any number of subscribers, each named by a key. A subscriber is told a {@link Change}
 * on the watcher's thread once a burst of changes it cares for is over ({@link Debouncer}); what it
 * does then must be quick and must not block (post to the supervisor's loop).
 *
 * <p>While nothing changes the thread blocks in the service (and the JDK's own poller thread of the
 * service blocks in the kernel): no wake-ups. {@link #watch} and {@link #unwatch} may be called from any
 * thread: the request is left for the watcher's thread, woken by an interrupt only while it waits in the
 * service, so the interrupt can never land in a subscriber's file I/O. Requests are kept latest-wins per
 * key, so they are as many as the subscribers at most.
 */
public final class FileWatcher implements AutoCloseable {
    private final Consumer<String> warn;
    private final Ticker ticker;
    private final int maxFolders;
    private final Object lock = new Object();
    /** Key to its new subscription, or empty to drop it; taken by the watcher's thread. */
    private final Map<String, Optional<Subscription>> requests = new LinkedHashMap<>();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private Thread thread;
    private WatchService service;
    private Folders folders;
    private Debouncer<String> debouncer;
    /** Whether the watcher's thread waits in the service (then, and only then, a request interrupts it). */
    private boolean parked;
    private volatile boolean closed;
    private volatile int watched;

    /** @param warn where a folder that cannot be watched (the bound, the kernel's limit) is said, once per subscriber */
    public FileWatcher(Consumer<String> warn) {
        this(warn, Ticker.system(), Folders.MAX);
    }

    FileWatcher(Consumer<String> warn, Ticker ticker, int maxFolders) {
        this.warn = warn;
        this.ticker = ticker;
        this.maxFolders = maxFolders;
    }

    /**
     * Watches for {@code interest} under {@code key}, instead of what {@code key} watched before (a
     * burst pending for the old one is not told).
     *
     * @throws IllegalArgumentException for a glob that does not compile
     */
    public void watch(String key, Interest interest, Consumer<Change> onChange) {
        var subscription = new Subscription(key, interest, new Globs(interest), onChange, warn);
        request(key, Optional.of(subscription));
    }

    /** Stops watching for {@code key} (nothing when it watches nothing). */
    public void unwatch(String key) {
        synchronized (lock) {
            if (thread == null) {
                return;
            }
        }
        request(key, Optional.empty());
    }

    /** {@return how many folders are watched, for every subscriber together (as of the last request applied)} */
    public int folders() {
        return watched;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            if (service != null) {
                try {
                    service.close(); // the thread's wait ends with ClosedWatchServiceException
                } catch (IOException e) {
                    // closed anyway as far as we are concerned
                }
            }
            if (thread != null && parked) {
                thread.interrupt();
            }
        }
    }

    private void request(String key, Optional<Subscription> subscription) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (thread == null) {
                try {
                    service = FileSystems.getDefault().newWatchService();
                } catch (IOException e) {
                    warn.accept("cannot watch files: " + e.getMessage());
                    return;
                }
                folders = new Folders(service, maxFolders);
                debouncer = new Debouncer<>(ticker);
                thread = Thread.ofPlatform().daemon().name("file-watch").stackSize(256 * 1024).unstarted(this::loop);
                thread.start();
            }
            requests.remove(key); // latest wins, and goes last
            requests.put(key, subscription);
            if (parked) {
                thread.interrupt();
            }
        }
    }

    private void loop() {
        while (!closed) {
            apply();
            WatchKey key;
            synchronized (lock) {
                if (!requests.isEmpty() || closed) {
                    continue;
                }
                parked = true;
            }
            try {
                OptionalLong wait = debouncer.waitMs();
                key = wait.isPresent() ? service.poll(wait.getAsLong(), TimeUnit.MILLISECONDS) : service.take();
            } catch (InterruptedException e) {
                key = null; // a request came
            } catch (ClosedWatchServiceException e) {
                return;
            } finally {
                synchronized (lock) {
                    parked = false;
                    Thread.interrupted(); // a request's interrupt that came as the wait ended: not for what follows
                }
            }
            try {
                while (key != null) {
                    handle(key);
                    key = service.poll(); // what else is ready, without waiting
                }
            } catch (ClosedWatchServiceException e) {
                return;
            }
            debouncer.due().forEach(this::tell);
        }
    }

    /** The requests, on the watcher's thread. */
    private void apply() {
        List<Map.Entry<String, Optional<Subscription>>> taken;
        synchronized (lock) {
            taken = List.copyOf(requests.entrySet());
            requests.clear();
        }
        for (var request : taken) {
            Subscription old = subscriptions.remove(request.getKey());
            debouncer.forget(request.getKey());
            request.getValue().ifPresent(s -> {
                subscriptions.put(s.key, s);
                s.register(folders, List.of());
            });
            if (old != null) {
                old.release(folders); // after the new one registered: the folders both watch stay registered
            }
        }
        watched = folders.size();
    }

    private void handle(WatchKey key) {
        Path dir = folders.dirOf(key);
        if (dir == null) {
            key.pollEvents();
            return; // released meanwhile
        }
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                subscriptions.values().stream().filter(s -> s.holds(dir))
                        .forEach(s -> debouncer.offer(s.key, s.interest.debounceMs(), s.globs.relative(dir), true));
                continue;
            }
            Path path = dir.resolve((Path) event.context());
            boolean newFolder = event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
            for (Subscription s : subscriptions.values()) {
                if (!s.holds(dir)) {
                    continue;
                }
                if (newFolder) {
                    s.folderAppeared(path, folders).forEach(file -> offer(s, file));
                } else if (s.globs.matches(path)) {
                    offer(s, path);
                }
            }
        }
        if (!key.reset()) {
            Path gone = folders.gone(key);
            for (Subscription s : subscriptions.values()) {
                if (gone != null && s.gone(gone)) {
                    s.register(folders, List.of()); // its parent is watched for it to come back
                }
            }
        }
        watched = folders.size();
    }

    private void offer(Subscription s, Path file) {
        debouncer.offer(s.key, s.interest.debounceMs(), s.globs.relative(file), false);
    }

    private void tell(Debouncer.Due<String> due) {
        Subscription s = subscriptions.get(due.key());
        if (s == null) {
            return;
        }
        try {
            s.onChange.accept(due.change());
        } catch (RuntimeException e) {
            // One subscriber's bug must not end the watching of every other.
            warn.accept("internal error while telling " + s.key + " of " + due.change().describe() + ": " + e);
        }
    }
}
