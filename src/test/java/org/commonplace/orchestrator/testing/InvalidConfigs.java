package org.commonplace.orchestrator.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The broken-config corpus (src/test/resources/configs/invalid): each case a {@code NAME.json} and the
 * lines its error must contain in {@code NAME.expected}. Read by the loader's test and by check's.
 */
public final class InvalidConfigs {
    private InvalidConfigs() {
    }

    /** {@return every case's config file, in name order} (a {@code @MethodSource}) */
    public static Stream<Path> cases() throws IOException, URISyntaxException {
        Path folder = Path.of(InvalidConfigs.class.getResource("/configs/invalid").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList().stream();
        }
    }
}
