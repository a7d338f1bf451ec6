package org.commonplace.orchestrator.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which paths an interest's globs match, and which folders they make us watch. */
final class GlobsTest {
    private static final Path BASE = Path.of("/srv/app");

    private static Globs globs(List<String> paths, List<String> ignore) {
        return new Globs(new Interest(BASE, paths, ignore, 500));
    }

    @Test
    void doubleStarSlashAlsoMatchesNoFolder() {
        Globs g = globs(List.of("src/**/*.py"), List.of());
        assertThat(g.matches(BASE.resolve("src/app.py"))).isTrue();
        assertThat(g.matches(BASE.resolve("src/pkg/deep/mod.py"))).isTrue();
        assertThat(g.matches(BASE.resolve("src/app.txt"))).isFalse();
        assertThat(g.matches(BASE.resolve("tests/app.py"))).isFalse();
        assertThat(g.matches(BASE.resolve("srcx/app.py"))).isFalse();
    }

    @Test
    void ignoredFilesDoNotMatchAndIgnoredFoldersArePruned() {
        Globs g = globs(List.of("**/*"), List.of("**/*.pyc", "build/**", "**/node_modules"));
        assertThat(g.matches(BASE.resolve("src/a.py"))).isTrue();
        assertThat(g.matches(BASE.resolve("src/a.pyc"))).isFalse();
        assertThat(g.matches(BASE.resolve("build/out.o"))).isFalse();
        assertThat(g.prunes(BASE.resolve("build"))).isTrue();
        assertThat(g.prunes(BASE.resolve("web/node_modules"))).isTrue();
        assertThat(g.prunes(BASE.resolve("node_modules"))).isTrue();
        assertThat(g.prunes(BASE.resolve("src"))).isFalse();
    }

    @Test
    void rootsAreTheLeadingPlainFoldersRecursiveOnlyWhereTheGlobReachesDeeper() {
        assertThat(Globs.roots(BASE, List.of("src/**/*.py"))).containsExactly(new Globs.Root(BASE.resolve("src"), true));
        assertThat(Globs.roots(BASE, List.of("processes.d/*.json"))).containsExactly(new Globs.Root(BASE.resolve("processes.d"), false));
        assertThat(Globs.roots(BASE, List.of("commonplace.json"))).containsExactly(new Globs.Root(BASE, false));
        assertThat(Globs.roots(BASE, List.of("../shared/app.env"))).containsExactly(new Globs.Root(Path.of("/srv/shared"), false));
        assertThat(Globs.roots(BASE, List.of("*/*.py"))).containsExactly(new Globs.Root(BASE, true));
    }

    @Test
    void aFolderUnderARecursiveRootIsNotARootOfItsOwn() {
        assertThat(Globs.roots(BASE, List.of("src/**", "src/app/*.py", "commonplace.json")))
                .containsExactly(new Globs.Root(BASE.resolve("src"), true), new Globs.Root(BASE, false));
    }

    @Test
    void aLiteralFileNameWithGlobCharactersMatchesOnlyItself() {
        Globs g = new Globs(Interest.files(BASE, List.of(Path.of("conf[1].json")), List.of(), 500));
        assertThat(g.matches(BASE.resolve("conf[1].json"))).isTrue();
        assertThat(g.matches(BASE.resolve("conf1.json"))).isFalse();
    }

    @Test
    void aGlobThatDoesNotCompileSaysWhere() {
        assertThatThrownBy(() -> globs(List.of("src/[a.py"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at character");
    }
}
