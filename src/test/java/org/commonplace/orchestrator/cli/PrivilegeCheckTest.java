package org.commonplace.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.commonplace.orchestrator.model.ExitCodes;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.commonplace.orchestrator.testing.SystemUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code check} and {@code run} say of the privilege keys: a bad one is one line and nothing
 * starts; a folder or program the user cannot reach is a warning; root running processes as root is
 * said once. Run as root, as CI runs (the account is the system's {@code nobody}).
 */
final class PrivilegeCheckTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownUserIsOneLineFromCheckAndFromRunAndNothingStarts() throws IOException {
        Path marker = dir.resolve("started");
        Path config = Files.writeString(dir.resolve("commonplace.json"), """
                {"processes": {"web": {"command": "/bin/sh", "args": ["-c", "touch %s; sleep 60"],
                  "user": "no-such-user-here"}}}
                """.formatted(marker));
        for (String command : new String[] {"check", "run"}) {
            try (var cli = OrchestratorRun.start(command, "--config", config.toString())) {
                assertThat(cli.awaitExit(Duration.ofSeconds(30))).as(cli.stderr()).isEqualTo(ExitCodes.USAGE);
                assertThat(cli.stderr().lines().filter(l -> l.contains("no-such-user-here"))).singleElement().asString()
                        .contains("processes.web.user").contains("unknown user \"no-such-user-here\"");
                assertThat(cli.stderr()).doesNotContain("\tat ", "Exception");
            }
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void aFolderTheUserCannotEnterIsAWarningAndRootWithoutUserIsSaidOnce() throws IOException {
        assertThat(SystemUsers.root()).as("root alone runs processes as another user, as CI runs").isTrue();
        Path closed = Files.createDirectory(dir.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path config = Files.writeString(dir.resolve("commonplace.json"), """
                {"processes": {"web": {"command": "/bin/true", "cwd": "closed", "user": "nobody"},
                  "one": {"command": "/bin/true"}, "two": {"command": "/bin/true"}}}
                """);
        try (var check = OrchestratorRun.start("check", "--config", config.toString())) {
            assertThat(check.awaitExit(Duration.ofSeconds(30))).as(check.stderr()).isZero();
            assertThat(check.stderr()).contains("warning").contains("nobody cannot enter " + closed);
            assertThat(check.stdout().lines().filter(l -> l.startsWith("web: "))).singleElement().asString()
                    .contains("; user nobody (uid 65534)").contains("no_new_privileges");
            assertThat(check.stdout().lines().filter(l -> l.contains("run as root"))).singleElement().asString()
                    .contains("2 processes").contains("(one, two)");
        }
    }
}
