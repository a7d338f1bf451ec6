package org.commonplace.orchestrator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.commonplace.orchestrator.testing.Attacker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private runtime directory: where it is, and what is refused. */
final class RuntimeDirTest {
    @TempDir
    Path tmp;

    private final long uid = Uid.effective();

    @Test
    void xdgRuntimeDirIsUsedWhenItIsOurs() throws Exception {
        Path xdg = Files.createDirectory(tmp.resolve("xdg"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assertThat(RuntimeDir.choose(Map.of("XDG_RUNTIME_DIR", xdg.toString()), uid, tmp)).isEqualTo(xdg.resolve("commonplace-orchestrator"));
    }

    @Test
    void anXdgRuntimeDirOfAnotherUserOrOpenToOthersIsPassedOver() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Attacker.asUs("chmod 777 " + open);
        Path fallback = uid == 0 ? Path.of("/run/commonplace-orchestrator") : tmp.resolve("commonplace-orchestrator-" + uid);
        assertThat(RuntimeDir.choose(Map.of("XDG_RUNTIME_DIR", open.toString()), uid, tmp)).isEqualTo(fallback);
        assertThat(RuntimeDir.choose(Map.of("XDG_RUNTIME_DIR", "relative/dir"), uid, tmp)).isEqualTo(fallback);
        assertThat(RuntimeDir.choose(Map.of(), uid, tmp)).isEqualTo(fallback);
    }

    @Test
    void someoneElsesUidGetsAPerUidDirectoryInTheTempFolder() {
        assertThat(RuntimeDir.choose(Map.of(), 1000, tmp)).isEqualTo(tmp.resolve("commonplace-orchestrator-1000"));
    }

    @Test
    void aMissingDirectoryIsCreatedOwnerOnly() throws Exception {
        Path dir = RuntimeDir.ensurePrivate(tmp.resolve("mine"), uid);
        assertThat(Files.getAttribute(dir, "unix:mode")).isEqualTo(040700);
        assertThat(Files.getAttribute(dir, "unix:uid")).isEqualTo((int) uid);
    }

    @Test
    void aDirectoryAnotherUserMadeFirstIsRefused() {
        Attacker.asUs("chmod 1777 " + tmp);
        Path planted = tmp.resolve("commonplace-orchestrator-" + uid);
        Attacker.asNobody("mkdir -m 700 " + planted);
        assertThatThrownBy(() -> RuntimeDir.ensurePrivate(planted, uid)).isInstanceOf(RuntimeDir.Unsafe.class)
                .hasMessageStartingWith("refusing to use the runtime directory " + planted + ": it belongs to uid 65534, not to us (uid " + uid + ")");
    }

    @Test
    void aSymbolicLinkIsRefused() throws Exception {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Attacker.asUs("chmod 700 " + real);
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertThatThrownBy(() -> RuntimeDir.ensurePrivate(link, uid)).isInstanceOf(RuntimeDir.Unsafe.class)
                .hasMessageContaining("it is a symbolic link");
    }

    @Test
    void aDirectoryOpenToOthersIsRefused() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Attacker.asUs("chmod 755 " + open);
        assertThatThrownBy(() -> RuntimeDir.ensurePrivate(open, uid)).isInstanceOf(RuntimeDir.Unsafe.class)
                .hasMessageContaining("its mode is 0755; group and others must have no access (0700)");
    }

    @Test
    void aFileIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "");
        assertThatThrownBy(() -> RuntimeDir.ensurePrivate(file, uid)).isInstanceOf(RuntimeDir.Unsafe.class)
                .hasMessageContaining("it is not a directory");
    }
}
