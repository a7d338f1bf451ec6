package org.commonplace.orchestrator.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * examples/commonplace-demo.json as shipped, run by the launcher on free ports with its programs where
 * they are (they find the jar from there): what the demo's launcher tests share.
 */
final class DemoCopy {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    static final Path LAUNCHER = ROOT.resolve("bin/commonplace-orchestrator");
    static final Path DEMO = ROOT.resolve("examples/commonplace-demo.json");

    private DemoCopy() {
    }

    /** {@return the demo's config written into {@code dir} with the broker on {@code mqttPort} and http on {@code httpPort}} */
    static Path write(Path dir, int mqttPort, int httpPort) throws IOException {
        Path config = dir.resolve("commonplace-demo.json");
        Files.writeString(config, Files.readString(DEMO)
                .replace("127.0.0.1:1883", "127.0.0.1:" + mqttPort)
                .replace("8766", Integer.toString(httpPort))
                .replace("\"commonplace-demo/", "\"" + ROOT.resolve("examples/commonplace-demo") + "/"));
        return config;
    }

    /** {@return the launcher running {@code config}, its stdout in {@code out}, its stderr beside it} */
    static Process start(Path config, Path out) throws IOException {
        return new ProcessBuilder(LAUNCHER.toString(), "--config", config.toString()).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(out.resolveSibling("demo-err.txt").toFile()).start();
    }
}
