package org.commonplace.orchestrator.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.commonplace.orchestrator.policy.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher on real folders: what it registers, and what it tells. */
final class FileWatcherTest {
    @TempDir
    Path base;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<Change> told = new CopyOnWriteArrayList<>();
    private FileWatcher watcher = new FileWatcher(warnings::add);

    @AfterEach
    void close() {
        watcher.close();
    }

    private void awaitFolders(int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> watcher.folders() == n);
    }

    @Test
    void aMatchingFileInAFolderMadeAfterTheStartIsToldAndUnmatchedOnesAreNot() throws IOException {
        Files.createDirectories(base.resolve("src"));
        watcher.watch("web", new Interest(base, List.of("src/**/*.py"), List.of(), 50), told::add);
        awaitFolders(1);
        Files.createDirectories(base.resolve("src/pkg/deep"));
        awaitFolders(3); // src, src/pkg, src/pkg/deep: registered as they appeared
        Files.writeString(base.resolve("src/pkg/deep/notes.txt"), "not python");
        Files.writeString(base.resolve("README.md"), "outside the glob's folder");
        Files.writeString(base.resolve("src/pkg/deep/mod.py"), "print(1)");
        await().atMost(Duration.ofSeconds(30)).until(() -> !told.isEmpty());
        assertThat(told.getFirst().file()).isEqualTo(Path.of("src/pkg/deep/mod.py"));
        assertThat(told.getFirst().describe()).startsWith("src/pkg/deep/mod.py");
    }

    @Test
    void aFileThatAppearsInAFolderMadeLaterIsToldAndSoIsItsRemoval() throws IOException {
        watcher.watch("config", Interest.files(base, List.of(Path.of("commonplace.json")), List.of("processes.d/*.json"), 50), told::add);
        awaitFolders(1); // the config's folder: processes.d is not there yet
        Path folder = Files.createDirectories(base.resolve("processes.d"));
        awaitFolders(2);
        Files.writeString(folder.resolve("web.json"), "{}");
        await().atMost(Duration.ofSeconds(30)).until(() -> !told.isEmpty());
        assertThat(told.getFirst().file()).isEqualTo(Path.of("processes.d/web.json"));
        // One removed is a change too (its processes stop at the reload).
        Files.delete(folder.resolve("web.json"));
        await().atMost(Duration.ofSeconds(30)).until(() -> told.size() == 2);
        assertThat(told.get(1).file()).isEqualTo(Path.of("processes.d/web.json"));
    }

    @Test
    void aFolderReachedThroughALinkIsWatchedAsTheLinkNamesIt() throws IOException {
        Path release = Files.createDirectories(base.resolve("releases/42/src/pkg"));
        Path current = Files.createSymbolicLink(base.resolve("current"), base.resolve("releases/42"));
        watcher.watch("web", new Interest(current, List.of("**/*.py"), List.of(), 50), told::add);
        awaitFolders(3); // current (the link), src, src/pkg
        Files.writeString(release.resolve("mod.py"), "print(1)");
        await().atMost(Duration.ofSeconds(30)).until(() -> !told.isEmpty());
        assertThat(told.getFirst().file()).isEqualTo(Path.of("src/pkg/mod.py"));
    }

    @Test
    void ignoredFoldersAreNotWatchedAtAll() throws IOException {
        Files.createDirectories(base.resolve("node_modules/a/b"));
        Files.createDirectories(base.resolve("src"));
        watcher.watch("web", new Interest(base, List.of("**/*.js"), List.of("node_modules/**"), 50), told::add);
        awaitFolders(2); // base and src
        Files.writeString(base.resolve("node_modules/a/b/x.js"), "");
        Files.writeString(base.resolve("src/y.js"), "");
        await().atMost(Duration.ofSeconds(30)).until(() -> !told.isEmpty());
        assertThat(told.getFirst()).isEqualTo(new Change(Path.of("src/y.js"), 0, false));
    }

    @Test
    void beyondTheBoundFoldersAreNotWatchedAndThatIsSaidOnce() throws IOException {
        watcher.close();
        watcher = new FileWatcher(warnings::add, Ticker.system(), 3);
        for (int i = 0; i < 10; i++) {
            Files.createDirectories(base.resolve("src/d" + i));
        }
        watcher.watch("web", new Interest(base, List.of("src/**"), List.of(), 50), told::add);
        await().atMost(Duration.ofSeconds(30)).until(() -> !warnings.isEmpty());
        assertThat(watcher.folders()).isEqualTo(3);
        assertThat(warnings).singleElement().asString()
                .contains("web: more than 3 folders to watch").contains("not seen");
    }

    @Test
    void anUnwatchedSubscriberReleasesItsFoldersAndAnotherKeepsTheOnesItShares() throws IOException {
        Files.createDirectories(base.resolve("src/a"));
        watcher.watch("one", new Interest(base, List.of("src/**"), List.of(), 50), told::add);
        watcher.watch("two", new Interest(base, List.of("src/a/*"), List.of(), 50), told::add);
        awaitFolders(2);
        watcher.unwatch("one");
        awaitFolders(1);
        Files.writeString(base.resolve("src/a/f"), "");
        await().atMost(Duration.ofSeconds(30)).until(() -> !told.isEmpty());
        assertThat(told).singleElement().satisfies(c -> assertThat(c.file()).isEqualTo(Path.of("src/a/f")));
    }
}
