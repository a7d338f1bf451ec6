package org.commonplace.orchestrator.spawn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonplace.orchestrator.model.Privileges;
import org.commonplace.orchestrator.model.Privileges.Account;
import org.commonplace.orchestrator.model.Privileges.Limit;

/**
 * The words put before a program's own argv so that it starts with its {@link Privileges}: a chain of
 * small tools, each of which changes one thing about itself and then execs the next in place, so the
 * pid stays the program's and the program's first instruction already runs as its user. Only the
 * steps a process asks for are chained, as root needs them in this order:
 * <ol>
 * <li>{@code prlimit --nofile=S:H ... --} (util-linux): the limits, while still root (so a hard
 *     limit can be raised);
 * <li>{@code choom -n N --} (util-linux): oom_score_adj, while still root (so it can be lowered);
 * <li>{@code nice -n N --} (coreutils): the niceness, while still root (so it can be negative);
 * <li>{@code setpriv --regid --reuid --groups|--clear-groups [--nnp] [--inh-caps --ambient-caps
 *     --bounding-set] --} (util-linux): the change of user, its groups, no_new_privs and the ambient
 *     capabilities kept across it;
 * <li>{@code sh -c 'umask 027 && exec "$0" "$@"'}: the umask, already as the user (no tool sets it
 *     and execs; a shell's builtin does, and dash starts in a third of a millisecond).
 * </ol>
 * Why tools and not our own code between fork and exec: posix_spawn runs none, and a JVM cannot run
 * Java in a forked child. Each step costs one exec of a small binary (0.2 to 0.9 ms, measured in
 * docs/BENCHMARKS.md); a process without privilege keys gets no step at all.
 */
final class PrivilegeSteps {
    /** Our effective uid: a process may name its own user without root, and then keeps our groups. */
    private static final int OUR_UID = effectiveUid();

    private PrivilegeSteps() {
    }

    /** {@return the words to put before the program's path; empty for {@link Privileges#NONE}} */
    static List<String> words(Privileges p) throws LaunchException {
        if (!p.any()) {
            return List.of();
        }
        var words = new ArrayList<String>();
        if (!p.limits().isEmpty()) {
            words.add(tool("prlimit", "limits"));
            p.limits().forEach((name, limit) -> words.add("--" + name + "=" + Limit.text(limit.soft(), "unlimited")
                    + ":" + Limit.text(limit.hard(), "unlimited")));
            words.add("--");
        }
        if (p.oomScoreAdj().isPresent()) {
            words.addAll(List.of(tool("choom", "oom_score_adj"), "-n", Integer.toString(p.oomScoreAdj().getAsInt()), "--"));
        }
        if (p.nice().isPresent()) {
            words.addAll(List.of(tool("nice", "nice"), "-n", Integer.toString(p.nice().getAsInt()), "--"));
        }
        List<String> setpriv = setpriv(p);
        if (!setpriv.isEmpty()) {
            words.add(tool("setpriv", "user"));
            words.addAll(setpriv);
            words.add("--");
        }
        if (p.umask().isPresent()) {
            words.addAll(List.of(tool("sh", "umask"), "-c",
                    "umask " + String.format("%03o", p.umask().getAsInt()) + " && exec \"$0\" \"$@\""));
        }
        return words;
    }

    private static List<String> setpriv(Privileges p) {
        var words = new ArrayList<String>();
        if (p.account().isPresent() && OUR_UID == 0) {
            Account a = p.account().get();
            words.add("--regid=" + Integer.toUnsignedString(a.gid()));
            words.add("--reuid=" + Integer.toUnsignedString(a.uid()));
            if (a.groups().isEmpty()) {
                words.add("--clear-groups");
            } else {
                words.add("--groups=" + String.join(",", a.groups().stream().map(Integer::toUnsignedString).toList()));
            }
            if (!p.capabilities().isEmpty()) {
                String caps = String.join(",", p.capabilities().stream()
                        .map(c -> "+" + c.substring("CAP_".length()).toLowerCase(Locale.ROOT)).toList());
                words.add("--inh-caps=" + caps);
                words.add("--ambient-caps=" + caps);
                // What the program could ever regain, even through a setuid binary: only these.
                words.add("--bounding-set=-all," + caps);
            }
        }
        if (p.noNewPrivileges()) {
            words.add("--nnp");
        }
        return words;
    }

    /**
     * {@return the variables a process run as {@code account} sees as its own: HOME, USER, LOGNAME
     * and SHELL from the user database (the config's env may still set them)}
     */
    static Map<String, String> accountEnv(Account account) {
        return Map.of("HOME", account.home(), "USER", account.user(), "LOGNAME", account.user(),
                "SHELL", account.shell().isEmpty() ? "/bin/sh" : account.shell());
    }

    private static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.split("\\s+")[2]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: treated as not root, so no change of user is attempted
        }
        return -1;
    }

    private static String tool(String name, String key) throws LaunchException {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path path = Path.of(dir, name);
            if (Files.isExecutable(path)) {
                return path.toString();
            }
        }
        throw new LaunchException("\"" + key + "\" needs " + name + " (util-linux or coreutils), which is not installed");
    }
}
