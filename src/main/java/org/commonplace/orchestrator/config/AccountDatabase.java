package org.commonplace.orchestrator.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The user and group databases as the files {@code /etc/passwd} and {@code /etc/group} hold them,
 * read once per config: what {@code "user"}, {@code "group"} and {@code "supplementary_groups"} name.
 * Only the files are read (no NSS modules such as LDAP): a config names the local accounts a service
 * runs as, and a name the files lack is an error rather than a lookup that may hang on the network.
 */
final class AccountDatabase {
    /** One line of /etc/passwd. */
    record User(String name, int uid, int gid, String home, String shell) {
    }

    /** One line of /etc/group. */
    record Group(String name, int gid, List<String> members) {
    }

    private final List<User> users;
    private final List<Group> groups;

    AccountDatabase(List<User> users, List<Group> groups) {
        this.users = List.copyOf(users);
        this.groups = List.copyOf(groups);
    }

    /** {@return the system's databases; empty ones where a file cannot be read} */
    static AccountDatabase system() {
        return read(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    static AccountDatabase read(Path passwd, Path group) {
        var users = new ArrayList<User>();
        for (String[] f : fields(passwd, 7)) {
            parseId(f[2]).ifPresent(uid -> parseId(f[3]).ifPresent(gid -> users.add(new User(f[0], uid, gid, f[5], f[6]))));
        }
        var groups = new ArrayList<Group>();
        for (String[] f : fields(group, 4)) {
            List<String> members = f[3].isEmpty() ? List.of() : List.of(f[3].split(","));
            parseId(f[2]).ifPresent(gid -> groups.add(new Group(f[0], gid, members)));
        }
        return new AccountDatabase(users, groups);
    }

    private static List<String[]> fields(Path file, int count) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split(":", -1)).filter(f -> f.length >= count).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** {@return a uid or gid written in decimal, 0 to 2^32-2} */
    static Optional<Integer> parseId(String text) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        long id = Long.parseLong(text);
        return id <= 0xFFFF_FFFEL ? Optional.of((int) id) : Optional.empty();
    }

    Optional<User> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    Optional<User> user(int uid) {
        return users.stream().filter(u -> u.uid() == uid).findFirst();
    }

    Optional<Group> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    Optional<Group> group(int gid) {
        return groups.stream().filter(g -> g.gid() == gid).findFirst();
    }

    /** {@return the groups initgroups(3) gives {@code user}: {@code gid} first, then each group listing it} */
    List<Integer> groupsOf(String user, int gid) {
        var all = new LinkedHashSet<Integer>();
        all.add(gid);
        groups.stream().filter(g -> g.members().contains(user)).forEach(g -> all.add(g.gid()));
        return List.copyOf(all);
    }
}
