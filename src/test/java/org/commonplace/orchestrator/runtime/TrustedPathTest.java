package org.commonplace.orchestrator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.commonplace.orchestrator.testing.Attacker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which paths no other user can change: the rules of {@link TrustedPath}, each with what another user
 * (nobody) can do in a folder of the shared temp folder.
 */
final class TrustedPathTest {
    /** A sticky folder anyone may add to, as /tmp is (our @TempDir would be 0700: nobody could act in it). */
    private Path shared;

    @BeforeEach
    void makeSharedFolder() throws IOException {
        shared = Files.createTempDirectory("trusted-path");
        Attacker.asUs("chmod 1777 " + shared);
    }

    @AfterEach
    void removeSharedFolder() {
        Attacker.asUs("rm -rf " + shared);
    }

    @Test
    void foldersOfOursInAStickyFolderPassAndMissingOnesAreMade() throws Exception {
        Path deep = shared.resolve("a/b/../c");
        TrustedPath.createFolders(deep);
        assertThat(shared.resolve("a/c")).isDirectory();
        assertThat(shared.resolve("a/b")).isDirectory();
        TrustedPath.check(deep);
        TrustedPath.checkOwnFolder(shared.resolve("a/c"));
    }

    @Test
    void aFolderOfAnotherUserIsRefusedEvenInAStickyFolder() {
        Attacker.asNobody("mkdir " + shared + "/theirs");
        assertThatThrownBy(() -> TrustedPath.createFolders(shared.resolve("theirs/logs")))
                .isInstanceOf(TrustedPath.Untrusted.class).hasMessage(shared + "/theirs belongs to uid 65534, not to us or root");
        assertThat(shared.resolve("theirs/logs")).doesNotExist();
    }

    @Test
    void aLinkOfAnotherUserIsNotFollowedOneOfOursIs() throws Exception {
        Path target = Files.createDirectory(shared.resolve("target"));
        Attacker.asNobody("ln -s " + target + " " + shared + "/theirs");
        assertThatThrownBy(() -> TrustedPath.check(shared.resolve("theirs")))
                .isInstanceOf(TrustedPath.Untrusted.class).hasMessageContaining("symbolic link of uid 65534");
        Files.createSymbolicLink(shared.resolve("ours"), Path.of("target"));
        TrustedPath.createFolders(shared.resolve("ours/logs"));
        assertThat(target.resolve("logs")).isDirectory();
        // Through our link to a folder that is not ours: the target is checked, not the link alone.
        Attacker.asNobody("mkdir " + shared + "/theirs-dir");
        Files.createSymbolicLink(shared.resolve("ours-to-theirs"), shared.resolve("theirs-dir"));
        assertThatThrownBy(() -> TrustedPath.check(shared.resolve("ours-to-theirs")))
                .isInstanceOf(TrustedPath.Untrusted.class).hasMessageContaining("theirs-dir belongs to uid 65534");
    }

    @Test
    void aFolderOthersOrAnotherGroupCanWriteIsRefusedUnlessSticky() throws Exception {
        Path open = Files.createDirectory(shared.resolve("open"));
        Attacker.asUs("chmod 0777 " + open);
        assertThatThrownBy(() -> TrustedPath.check(open.resolve("logs")))
                .isInstanceOf(TrustedPath.Untrusted.class).hasMessage("others can write in " + open + " (mode 0777) and it is not sticky");
        Path group = Files.createDirectory(shared.resolve("group"));
        Attacker.asUs("chgrp 65534 " + group + " && chmod 0775 " + group);
        assertThatThrownBy(() -> TrustedPath.check(group))
                .isInstanceOf(TrustedPath.Untrusted.class).hasMessageContaining("others can write in " + group);
        Attacker.asUs("chmod 1777 " + open);
        TrustedPath.check(open.resolve("logs"));
        // Sticky or not, others may hold a name in it: no place to write files whose names we choose.
        assertThatThrownBy(() -> TrustedPath.checkOwnFolder(open))
                .isInstanceOf(TrustedPath.Untrusted.class).hasMessageContaining("sticky or not");
    }

    @Test
    void aFileInTheWayIsNoFolder() throws Exception {
        Files.writeString(shared.resolve("file"), "x");
        assertThatThrownBy(() -> TrustedPath.createFolders(shared.resolve("file/logs"))).isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("a file of that name is in the way");
    }
}
