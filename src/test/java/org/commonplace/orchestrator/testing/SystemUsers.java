package org.commonplace.orchestrator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Real accounts for tests of running as another user: made with useradd/groupadd (as root, as CI
 * runs), each with a unique name so that two test JVMs side by side never meet, and removed with
 * userdel/groupdel by {@link #close}. useradd locks /etc/passwd; a lock held by a neighbour is
 * waited out by trying again.
 */
public final class SystemUsers implements AutoCloseable {
    /** One account made here. */
    public record User(String name, int uid, int gid) {
    }

    private final List<String> users = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();
    private final List<java.nio.file.Path> folders = new ArrayList<>();

    /** {@return whether we are root (who alone can make accounts and run processes as them)} */
    public static boolean root() {
        return "0".equals(output("id", "-u"));
    }

    /** {@return a new user with a group of its own name, no home folder and /bin/sh as its shell} */
    public User user() {
        String name = unique("cpu");
        run("useradd", "--no-create-home", "--home-dir", "/nonexistent", "--user-group", "--shell", "/bin/sh", name);
        users.add(name);
        return new User(name, Integer.parseInt(output("id", "-u", name)), Integer.parseInt(output("id", "-g", name)));
    }

    /** {@return the gid of a new group whose members are {@code members}} */
    public int group(String... members) {
        String name = unique("cpg");
        run("groupadd", name);
        groups.add(name);
        for (String member : members) {
            run("usermod", "--append", "--groups", name, member);
        }
        return Integer.parseInt(output("getent", "group", name).split(":")[2]);
    }

    @Override
    public void close() {
        for (String user : users) {
            run("userdel", user);
        }
        for (String group : groups) {
            run("groupdel", group);
        }
        for (var folder : folders) {
            try (var all = java.nio.file.Files.walk(folder)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp folder left behind; nothing depends on it
            }
        }
    }

    /** {@return a new folder under /tmp that the users can enter (0755), removed by {@link #close}} */
    public java.nio.file.Path folder(String prefix) throws IOException {
        var dir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("/tmp"), prefix).toRealPath();
        java.nio.file.Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        folders.add(dir);
        return dir;
    }

    private static String unique(String prefix) {
        byte[] bytes = new byte[5];
        ThreadLocalRandom.current().nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    private static void run(String... command) {
        for (int attempt = 0; ; attempt++) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not end");
                }
                // Exit 10 (useradd) / 10 (userdel): the databases were locked by a neighbour.
                if (p.exitValue() == 0) {
                    return;
                }
                if (attempt >= 20 || !out.contains("lock")) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
                }
                Thread.sleep(100); // a neighbour holds the lock on /etc/passwd: try again shortly
            } catch (IOException e) {
                throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static String output(String... command) {
        try {
            Process p = new ProcessBuilder(command).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
