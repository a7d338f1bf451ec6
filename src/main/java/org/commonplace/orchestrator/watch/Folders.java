package org.commonplace.orchestrator.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;

/**
 * The folders registered with the one {@link WatchService}, each once however many subscribers want
 * it (counted), and at most {@link #MAX} of them: each costs the kernel an inotify watch (about 1 KB of
 * memory it cannot swap, and a share of {@code fs.inotify.max_user_watches}) and us a key. Used by the
 * watcher's thread only.
 */
final class Folders {
    /**
     * The most folders watched at once, for every subscriber together (see docs/config.md, "watch"):
     * about 3.7 MB of heap and 0.7 MB of kernel memory, and within the 8,192 watches older kernels allow a user.
     */
    static final int MAX = 8_192;

    /** Why a folder was not registered. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final WatchService service;
    private final int max;
    private final Map<WatchKey, Path> dirs = new HashMap<>();
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final Map<Path, Integer> users = new HashMap<>();

    Folders(WatchService service, int max) {
        this.service = service;
        this.max = max;
    }

    /** Watches {@code dir} for one more user. @throws Refused at the bound, or when the kernel says no */
    void acquire(Path dir) throws Refused {
        Integer n = users.get(dir);
        if (n != null) {
            users.put(dir, n + 1);
            return;
        }
        if (keys.size() >= max) {
            throw new Refused("more than " + max + " folders to watch (the limit for all watches together)");
        }
        try {
            WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            dirs.put(key, dir);
            keys.put(dir, key);
            users.put(dir, 1);
        } catch (IOException e) {
            // "User limit of inotify watches reached" among them: said as the kernel says it.
            throw new Refused("cannot watch " + dir + ": " + e.getMessage());
        }
    }

    /** One user less of {@code dir}; the last one's release stops watching it. */
    void release(Path dir) {
        Integer n = users.get(dir);
        if (n == null) {
            return;
        }
        if (n > 1) {
            users.put(dir, n - 1);
            return;
        }
        users.remove(dir);
        WatchKey key = keys.remove(dir);
        if (key != null) {
            dirs.remove(key);
            key.cancel();
        }
    }

    /** {@return the folder of {@code key}, or null when it is no longer watched} */
    Path dirOf(WatchKey key) {
        return dirs.get(key);
    }

    /** The folder of {@code key} is gone (deleted, unmounted): forgotten, whoever used it. */
    Path gone(WatchKey key) {
        Path dir = dirs.remove(key);
        if (dir != null) {
            keys.remove(dir);
            users.remove(dir);
        }
        return dir;
    }

    int size() {
        return keys.size();
    }
}
