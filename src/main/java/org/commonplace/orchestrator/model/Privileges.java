package org.commonplace.orchestrator.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one process runs with besides its command: the account it runs as and the limits it starts
 * under, already checked and resolved (names to numbers) by the config, so that the launcher, the
 * exports and {@code ps} all see the same values. {@link #NONE}: ours, unchanged.
 *
 * @param account         the user to run as; empty: ours
 * @param umask           the file mode creation mask; empty: ours
 * @param limits          resource limits by their short name ({@code nofile}, {@code nproc}, {@code core},
 *                        {@code memlock}, {@code stack}, {@code fsize}, {@code as}, {@code cpu}), in the order given
 * @param nice            the scheduling niceness, -20..19; empty: ours
 * @param oomScoreAdj     /proc/PID/oom_score_adj, -1000..1000; empty: ours
 * @param noNewPrivileges whether the program and everything it starts may never gain privileges
 *                        (setuid binaries, file capabilities)
 * @param capabilities    ambient capabilities kept across the change of user ({@code CAP_NET_BIND_SERVICE}, ...)
 */
public record Privileges(Optional<Account> account, OptionalInt umask, Map<String, Limit> limits, OptionalInt nice,
                         OptionalInt oomScoreAdj, boolean noNewPrivileges, List<String> capabilities) {
    /** Nothing changed: the child runs as we do. */
    public static final Privileges NONE = new Privileges(Optional.empty(), OptionalInt.empty(), Map.of(),
            OptionalInt.empty(), OptionalInt.empty(), false, List.of());

    /** The limits setrlimit knows, by the short names of prlimit(1) and the config. */
    public static final List<String> LIMIT_NAMES = List.of("nofile", "nproc", "core", "memlock", "stack", "fsize",
            "as", "cpu");

    public Privileges {
        limits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(limits));
        capabilities = List.copyOf(capabilities);
    }

    /** {@return whether anything differs from running as we do} */
    public boolean any() {
        return !equals(NONE);
    }

    /** {@return the user name a process runs as, or empty when it runs as we do} */
    public Optional<String> userName() {
        return account.map(Account::user);
    }

    /**
     * The account a process runs as, from the user and group databases.
     *
     * @param user   the user's name (or its uid as text when the database has no name for it)
     * @param uid    its uid
     * @param group  the group's name (or its gid as text)
     * @param gid    the group it runs with
     * @param groups its supplementary groups (gids); empty: none
     * @param home   its home directory, for {@code HOME}
     * @param shell  its login shell, for {@code SHELL}
     */
    public record Account(String user, int uid, String group, int gid, List<Integer> groups, String home,
                          String shell) {
        public Account {
            groups = List.copyOf(groups);
        }
    }

    /**
     * One resource limit, as setrlimit takes it.
     *
     * @param soft what the process is held to ({@link #UNLIMITED} for none)
     * @param hard how far it may raise the soft limit itself
     */
    public record Limit(long soft, long hard) {
        /** RLIM_INFINITY. */
        public static final long UNLIMITED = -1;

        /** {@return a value as prlimit(1) and systemd write it: a number or "unlimited"/"infinity"} */
        public static String text(long value, String unlimited) {
            return value == UNLIMITED ? unlimited : Long.toString(value);
        }
    }
}
