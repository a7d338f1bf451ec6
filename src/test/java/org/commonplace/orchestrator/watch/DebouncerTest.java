package org.commonplace.orchestrator.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** When a burst of changes is told, on a clock moved by hand. */
final class DebouncerTest {
    private long now = 1_000;
    private final Debouncer<String> debouncer = new Debouncer<>(() -> now);

    @Test
    void nothingPendingMeansNothingToWaitFor() {
        assertThat(debouncer.waitMs()).isEmpty();
        assertThat(debouncer.due()).isEmpty();
    }

    @Test
    void aChangeIsToldOnceItsFilesWereQuietForTheDebounce() {
        debouncer.offer("web", 500, Path.of("src/app.py"), false);
        now += 499;
        assertThat(debouncer.due()).isEmpty();
        assertThat(debouncer.waitMs()).isEqualTo(OptionalLong.of(1));
        now += 1;
        var due = debouncer.due();
        assertThat(due).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo("web");
            assertThat(d.change()).isEqualTo(new Change(Path.of("src/app.py"), 0, false));
        });
        assertThat(debouncer.due()).isEmpty();
        assertThat(debouncer.waitMs()).isEmpty();
    }

    @Test
    void eachChangeInTheBurstPutsTheTellingOffAndEachOtherFileIsCountedOnce() {
        debouncer.offer("web", 500, Path.of("src/a.py"), false);
        for (int i = 0; i < 4; i++) {
            now += 300;
            debouncer.offer("web", 500, Path.of("src/b.py"), false);
            debouncer.offer("web", 500, Path.of("src/a.py"), false);
            assertThat(debouncer.due()).isEmpty();
        }
        now += 500;
        assertThat(debouncer.due()).singleElement().satisfies(d -> {
            assertThat(d.change()).isEqualTo(new Change(Path.of("src/a.py"), 1, false));
            assertThat(d.change().describe()).isEqualTo("src/a.py and 1 other file changed");
        });
    }

    @Test
    void aHugeBurstIsCountedUpToTheBound() {
        for (int i = 0; i < 5000; i++) {
            debouncer.offer("web", 500, Path.of("f" + i), false);
        }
        now += 500;
        assertThat(debouncer.due()).singleElement().satisfies(d ->
                assertThat(d.change().describe()).isEqualTo("f0 and more than 1023 other files changed"));
    }

    @Test
    void aBurstThatNeverQuietsDownIsToldAfterTenDebounces() {
        debouncer.offer("web", 500, Path.of("log.txt"), false);
        long first = now;
        while (debouncer.due().isEmpty()) {
            now += 100;
            debouncer.offer("web", 500, Path.of("log.txt"), false);
            assertThat(now - first).isLessThanOrEqualTo(500L * Debouncer.MAX_WAIT_FACTOR);
        }
        assertThat(now - first).isEqualTo(500L * Debouncer.MAX_WAIT_FACTOR);
    }

    @Test
    void subscribersAreToldApartEachByItsOwnDebounce() {
        debouncer.offer("config", 500, Path.of("commonplace.json"), false);
        debouncer.offer("web", 2000, Path.of("src/a.py"), false);
        now += 500;
        assertThat(debouncer.due()).extracting(Debouncer.Due::key).containsExactly("config");
        assertThat(debouncer.waitMs()).isEqualTo(OptionalLong.of(1500));
        now += 1500;
        assertThat(debouncer.due()).extracting(Debouncer.Due::key).containsExactly("web");
    }

    @Test
    void anOverflowIsKeptForTheWholeBurst() {
        debouncer.offer("web", 500, Path.of("src"), true);
        debouncer.offer("web", 500, Path.of("src/a.py"), false);
        now += 500;
        assertThat(debouncer.due()).singleElement().satisfies(d -> assertThat(d.change().overflow()).isTrue());
    }

    @Test
    void aForgottenSubscriberIsNeverTold() {
        debouncer.offer("web", 500, Path.of("src/a.py"), false);
        debouncer.forget("web");
        now += 10_000;
        assertThat(debouncer.due()).isEmpty();
    }
}
