package org.commonplace.orchestrator.spawn;

import static org.assertj.core.api.Assertions.assertThat;


import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.commonplace.orchestrator.model.ExitStatus;
import org.commonplace.orchestrator.model.Privileges;
import org.commonplace.orchestrator.model.Privileges.Account;
import org.commonplace.orchestrator.model.Privileges.Limit;
import org.commonplace.orchestrator.spawn.custody.Custody;
import org.commonplace.orchestrator.testing.SystemUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A child started with privileges, by both launchers, as real users this test makes (as root, as CI
 * runs): it shows exactly what was asked from its first instruction on, and as that user it can
 * neither signal us or another user's child, nor read our /proc or a root-only file.
 */
final class PrivilegedLaunchTest {
    private static final int CAP_NET_BIND_SERVICE = 10;
    private static Path dir;
    private static Custody custody;
    private static SystemUsers accounts;
    private static SystemUsers.User alice;
    private static SystemUsers.User bob;
    private static int extraGid;

    @BeforeAll
    static void makeUsers() throws Exception {
        assertThat(SystemUsers.root()).as("making users and running as them needs root, as CI runs").isTrue();
        custody = Custody.detached();
        accounts = new SystemUsers();
        // The temporary folder's parents must be searchable by the users: a folder of our own under /tmp.
        dir = accounts.folder("privileged-launch");
        alice = accounts.user();
        bob = accounts.user();
        extraGid = accounts.group(alice.name());
    }

    @AfterAll
    static void removeUsers() {
        if (accounts != null) {
            accounts.close();
            custody.close();
        }
    }

    static Stream<Launcher> launchers() {
        return Stream.of(new NativeLauncher(custody), new OsLauncher(custody));
    }

    private static Account account(SystemUsers.User user, List<Integer> groups) {
        return new Account(user.name(), user.uid(), user.name(), user.gid(), groups, "/nonexistent", "/bin/sh");
    }

    private static Privileges asUser(SystemUsers.User user) {
        return new Privileges(Optional.of(account(user, List.of(user.gid()))), OptionalInt.empty(), Map.of(),
                OptionalInt.empty(), OptionalInt.empty(), true, List.of());
    }

    private static String run(Launcher launcher, Privileges privileges, String script) throws Exception {
        Child child = launcher.launch(new LaunchSpec("/bin/sh", List.of("-c", script), dir, Map.of(), privileges));
        var out = new Collect();
        CompletableFuture<Void> ended = child.pipeOutput(out, out);
        var exit = new CompletableFuture<ExitStatus>();
        child.onExit(exit::complete);
        exit.get(30, TimeUnit.SECONDS);
        ended.get(30, TimeUnit.SECONDS);
        child.release();
        // The line that is the pid we hold reads "PID": it shows the program kept the pid of the start.
        return String.join("\n", out.text().lines().map(l -> l.equals(Long.toString(child.pid())) ? "PID" : l).toList());
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void theChildShowsExactlyWhatWasAsked(Launcher launcher) throws Exception {
        var privileges = new Privileges(Optional.of(account(alice, List.of(alice.gid(), extraGid))), OptionalInt.of(027),
                Map.of("nofile", new Limit(100, 200), "core", new Limit(0, Limit.UNLIMITED)), OptionalInt.of(5),
                OptionalInt.of(300), true, List.of("CAP_NET_BIND_SERVICE"));
        String out = run(launcher, privileges, """
                echo $$; id -u; id -g; id -G; umask; ulimit -Sn; ulimit -Hn; ulimit -Sc; ulimit -Hc; nice
                cat /proc/self/oom_score_adj; grep -E '^(NoNewPrivs|CapAmb|CapEff):' /proc/self/status
                echo "$HOME $USER $LOGNAME $SHELL"
                """);
        String amb = String.format("%016x", 1L << CAP_NET_BIND_SERVICE);
        assertThat(out.lines().toList()).containsExactly(
                "PID",
                Integer.toString(alice.uid()), Integer.toString(alice.gid()),
                alice.gid() + " " + extraGid, "0027", "100", "200", "0", "unlimited", "5", "300",
                "CapEff:\t" + amb, "CapAmb:\t" + amb, "NoNewPrivs:\t1",
                "/nonexistent " + alice.name() + " " + alice.name() + " /bin/sh");
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void theUserIsInPlaceBeforeTheProgramsFirstInstruction(Launcher launcher) throws Exception {
        // The program's own pid is the one we hold (every step execs in place), and /proc of that
        // pid has never shown root: its owner is the user from the moment the program runs.
        String out = run(launcher, asUser(alice), "echo $$; stat -c %u /proc/$$; id -G");
        assertThat(out.lines().toList()).containsExactly("PID", Integer.toString(alice.uid()),
                Integer.toString(alice.gid()));
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void theChildCannotSignalUsNorAnotherUsersChild(Launcher launcher) throws Exception {
        Child bobs = launcher.launch(new LaunchSpec("/bin/sleep", List.of("60"), dir, Map.of(), asUser(bob)));
        var bobExit = new CompletableFuture<ExitStatus>();
        bobs.pipeOutput(new Collect(), new Collect());
        bobs.onExit(bobExit::complete);
        long us = ProcessHandle.current().pid();
        String out = run(launcher, asUser(alice), "kill -TERM " + us + " 2>&1; echo us=$?; kill -KILL -" + bobs.pid()
                + " 2>&1; echo group=$?; kill -KILL " + bobs.pid() + " 2>&1; echo bob=$?");
        assertThat(out).contains("us=1", "group=1", "bob=1").contains("Operation not permitted");
        assertThat(bobExit).isNotDone();
        bobs.signalGroup(ProcessGroups.SIGKILL);
        assertThat(bobExit.get(30, TimeUnit.SECONDS).isSignal()).isTrue();
        bobs.release();
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void theChildCannotReadOurProcNorARootOnlyFile(Launcher launcher) throws Exception {
        Path secret = dir.resolve("secret-" + launcher.getClass().getSimpleName());
        Files.writeString(secret, "root only\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        long us = ProcessHandle.current().pid();
        String out = run(launcher, asUser(alice), "cat " + secret + " >/dev/null 2>&1; echo file=$?;"
                + " cat /proc/" + us + "/environ >/dev/null 2>&1; echo environ=$?;"
                + " ls /proc/" + us + "/fd >/dev/null 2>&1; echo fds=$?;"
                + " echo x 2>/dev/null >/proc/" + us + "/fd/1; echo write=$?;"
                + " cat /proc/" + us + "/mem >/dev/null 2>&1; echo mem=$?");
        assertThat(out.lines().toList()).containsExactly("file=1", "environ=1", "fds=2", "write=2", "mem=1");
    }

    /** Collects a stream's bytes. */
    private static final class Collect implements OutputReceiver {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void feed(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void finish() {
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
