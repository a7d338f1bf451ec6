package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.OutputFile;
import org.commonplace.orchestrator.testing.Mosquitto;
import org.commonplace.orchestrator.testing.Pids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar through {@code bin/commonplace-orchestrator}, as a user runs it (runs after
 * {@code package}, from failsafe): check on the plan's config, the corpus of broken configs, --help,
 * and the demo.
 */
final class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir"));
    private static final Path LAUNCHER = ROOT.resolve("bin/commonplace-orchestrator");

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result launch(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        var process = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("launcher did not finish: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void checkOfThePlansConfigEndsWithItsStartOrder() throws Exception {
        Result result = launch("check", "--config", "commonplace.json");
        assertThat(result.code()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.getLast()).isEqualTo("start order: store, http");
        assertThat(result.out()).contains("http: commonplace-http --port 3000 --mqtt-broker localhost:1883; depends on store; restart always");
    }

    /**
     * The broken-config corpus cases that press what the launcher sets and an in-process check does
     * not: its JVM's 256 KB stack (deep nesting, a regex), its 128 MB heap (the largest configs, the
     * most problems), and the bytes it writes to stderr (NUL characters, a parse error's excerpt).
     * Every case of the corpus goes through check's command line in-process (cli.CheckCorpusTest),
     * one launcher JVM each cost 20 s here.
     */
    private static final List<String> LAUNCHER_CASES = List.of("nesting-too-deep", "ready-log-bad-regex",
            "too-many-processes", "too-many-env", "too-many-args", "many-problems", "nul-characters", "not-json",
            "unclosed-object", "empty", "cycle-three", "cwd-missing");

    @Test
    void brokenConfigsThatPressTheLaunchersLimitsMakeCheckExitTwoWithTheirMessage() throws Exception {
        Path corpus = ROOT.resolve("src/test/resources/configs/invalid");
        List<Path> cases = LAUNCHER_CASES.stream().map(name -> corpus.resolve(name + ".json")).toList();
        assertThat(cases).allMatch(Files::isRegularFile);
        for (Path file : cases) {
            Result result = launch("check", "--config", file.toString());
            assertThat(result.code()).as("exit code of check on " + file.getFileName()).isEqualTo(2);
            Path expected = file.resolveSibling(file.getFileName().toString().replace(".json", ".expected"));
            for (String line : Files.readAllLines(expected)) {
                if (!line.isBlank()) {
                    assertThat(result.err()).as("stderr of check on " + file.getFileName()).contains(line);
                }
            }
            assertThat(result.err()).doesNotContain("Exception", "\tat ");
        }
    }

    /**
     * Issue 15, item 3: with the launcher's 256 KB stack and 128 MB heap these crashed {@code check}
     * with a StackOverflowError or an OutOfMemoryError, a stack trace and exit 1.
     */
    @Test
    void configsFarBeyondAnyRealOneAreOneErrorAndExitTwoInsteadOfAStackTrace() throws Exception {
        var files = new java.util.LinkedHashMap<String, String>();
        files.put("deep.json", "{\"processes\": {\"a\": {\"command\": \"x\", \"args\": "
                + "[".repeat(700) + "]".repeat(700) + "}}}");
        files.put("processes.json", "{\"processes\": {" + joined(100_000, "\"p#\": {\"command\": \"x\"}") + "}}");
        files.put("env.json", "{\"processes\": {\"a\": {\"command\": \"x\", \"env\": {"
                + joined(300_000, "\"V#\": \"v\"") + "}}}}");
        for (var entry : files.entrySet()) {
            Path file = Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
            Result result = launch("check", "--config", file.toString());
            assertThat(result.code()).as("exit code of check on " + entry.getKey() + ": " + result.err()).isEqualTo(2);
            assertThat(result.err()).as(entry.getKey()).contains("the limit for a config file")
                    .doesNotContain("Exception", "Error", "\tat ");
        }
    }

    private static String joined(int times, String item) {
        var text = new StringBuilder();
        for (int i = 0; i < times; i++) {
            text.append(i == 0 ? "" : ",").append(item.replace("#", Integer.toString(i)));
        }
        return text.toString();
    }

    /**
     * {@code mvn package} rebuilds the jar without the launcher, which kept its AOT cache of the old
     * jar; the JVM used it, and with it the old classes (a fix in the sources did not show).
     */
    @Test
    void anAotCacheOlderThanTheJarIsMadeAgain() throws Exception {
        Path jar = ROOT.resolve("target/commonplace-orchestrator.jar");
        // Each of the two caches: the client commands' (--version is one of them) and run's (check is).
        for (var use : List.of(List.of("commonplace-orchestrator-client.aot", "--version"),
                List.of("commonplace-orchestrator.aot", "check", "--config", "commonplace.json"))) {
            Path aot = ROOT.resolve("target").resolve(use.getFirst());
            String[] command = use.subList(1, use.size()).toArray(String[]::new);
            assertThat(launch(command).code()).isZero();
            assertThat(aot).exists();
            var older = java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000);
            Files.setLastModifiedTime(aot, older);
            assertThat(launch(command).code()).isZero();
            assertThat(Files.getLastModifiedTime(aot)).as(use.getFirst()).isGreaterThan(Files.getLastModifiedTime(jar));
        }
    }

    /**
     * Issue 29: an AOT-linked class is loaded at every start, so the client commands have a cache of
     * their own, without the orchestrator's classes, and run keeps the one trained on a run. Read from
     * the command line of the JVM each launch execs: run's, and that of a {@code wait} that waits (its
     * process never says what its ready check waits for).
     */
    @Test
    void aClientCommandStartsWithTheClientCacheAndRunWithTheRunCache() throws Exception {
        Path config = dir.resolve("unready.json");
        Files.writeString(config, "{\"processes\": {\"nap\": {\"command\": \"sleep\", \"args\": [\"300\"],"
                + " \"ready\": {\"log\": \"never said\"}}}}\n");
        Path out = dir.resolve("run-out.txt");
        var run = new ProcessBuilder(LAUNCHER.toString(), "--config", config.toString()).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(dir.resolve("run-err.txt").toFile()).start();
        Process wait = null;
        try {
            OutputFile.awaitLine(out, "started nap ");
            assertThat(aotCacheOf(run)).isEqualTo(ROOT.resolve("target/commonplace-orchestrator.aot").toString());
            wait = new ProcessBuilder(LAUNCHER.toString(), "wait", "nap", "--config", config.toString())
                    .directory(ROOT.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Process waiting = wait;
            // The launcher (bash) may first train the client cache; then it execs the JVM, keeping its pid.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120))
                    .until(() -> !aotCacheOf(waiting).isEmpty() || !waiting.isAlive());
            assertThat(wait.isAlive()).as("wait is still waiting").isTrue();
            assertThat(aotCacheOf(wait)).isEqualTo(ROOT.resolve("target/commonplace-orchestrator-client.aot").toString());
        } finally {
            if (wait != null) {
                wait.destroyForcibly();
            }
            ProcessGroups.signalProcess(run.pid(), ProcessGroups.SIGTERM);
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** {@return the -XX:AOTCache the process's command line names, or "" (none, or not a JVM yet)} */
    private static String aotCacheOf(Process process) throws IOException {
        byte[] cmdline;
        try {
            cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
        } catch (java.nio.file.NoSuchFileException e) {
            return "";
        }
        for (String arg : new String(cmdline, StandardCharsets.UTF_8).split("\0")) {
            if (arg.startsWith("-XX:AOTCache=")) {
                return arg.substring("-XX:AOTCache=".length());
            }
        }
        return "";
    }

    @Test
    void helpListsEveryFlag() throws Exception {
        Result result = launch("--help");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("--config", "--mqtt-broker", "--disable", "--only", "--extra-args", "--strict",
                "--version", "check", "run");
    }

    @Test
    void anUnknownFlagIsOneLineAndExitTwo() throws Exception {
        Result result = launch("--confg", "x.json");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).contains("--confg").contains("--help");
    }

    @Test
    void theDemoRunsServesItsPageRestartsAKilledChildAndAHungServerAndStopsCleanly() throws Exception {
        Path examples = dir.resolve("examples");
        copyTree(ROOT.resolve("examples"), examples);
        int port = Mosquitto.freePort();
        Path demo = examples.resolve("demo.json");
        Files.writeString(demo, Files.readString(demo).replace("8765", Integer.toString(port)));
        Path out = dir.resolve("demo-out.txt");
        var process = new ProcessBuilder(LAUNCHER.toString(), "--config", demo.toString()).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(dir.resolve("demo-err.txt").toFile()).start();
        try {
            OutputFile.awaitLine(out, "\\[clock] ready");
            OutputFile.awaitLine(out, "web is ready after");
            OutputFile.awaitLine(out, "started flaky ");
            assertThat(ProcessHandle.of(process.pid()).flatMap(h -> h.info().command()).orElse(""))
                    .as("the launcher execs the JVM, keeping its pid").endsWith("/java");
            String page = fetch(port);
            assertThat(page).contains("supervised by commonplace-orchestrator");
            long webPid = Pids.fromStartedLine(Files.readAllLines(out).stream().filter(l -> l.contains("started web ")).findFirst().orElseThrow());
            ProcessGroups.signalProcess(webPid, ProcessGroups.SIGKILL);
            OutputFile.awaitLine(out, "web was killed by SIGKILL");
            OutputFile.awaitLine(out, "restarting web in 500 ms \\(attempt 1\\)");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readAllLines(out).stream().filter(l -> l.contains("started web ")).count() == 2);
            // A web server that hangs (SIGSTOP) fails its liveness check and is restarted.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readAllLines(out).stream().filter(l -> l.contains("web is ready after")).count() == 2);
            long stuckPid = Pids.fromStartedLine(Files.readAllLines(out).stream().filter(l -> l.contains("started web ")).toList().getLast());
            ProcessGroups.signalProcess(stuckPid, 19); // SIGSTOP
            OutputFile.awaitLine(out, "web \\(pid " + stuckPid + "\\) was stopped by SIGSTOP");
            OutputFile.awaitLine(out, "web failed its liveness check 3 times \\(http http://127\\.0\\.0\\.1:" + port + "/: .*\\); restarting");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readAllLines(out).stream().filter(l -> l.contains("started web ")).count() == 3);
            ProcessGroups.signalProcess(process.pid(), ProcessGroups.SIGTERM);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(out)).isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    /** Ctrl+\\ reaches the JVM as SIGQUIT: the launcher's JVM must not print its thread dump among our lines. */
    @Test
    void sigquitToTheLauncherPrintsNoThreadDump() throws Exception {
        Path config = dir.resolve("sleep.json");
        Files.writeString(config, "{\"processes\": {\"nap\": {\"command\": \"sleep\", \"args\": [\"300\"]}}}\n");
        Path out = dir.resolve("quit-out.txt");
        Path err = dir.resolve("quit-err.txt");
        var process = new ProcessBuilder(LAUNCHER.toString(), "--config", config.toString()).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            OutputFile.awaitLine(out, "started nap ");
            ProcessGroups.signalProcess(process.pid(), 3);
            ProcessGroups.signalProcess(process.pid(), 10);
            OutputFile.awaitLine(out, "received SIGUSR1");
            ProcessGroups.signalProcess(process.pid(), ProcessGroups.SIGTERM);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(Files.readString(out)).doesNotContain("Full thread dump");
            assertThat(Files.readString(err)).isEmpty();
        } finally {
            process.destroyForcibly();
        }
    }

    private static String fetch(int port) throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            var holder = new String[1];
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                holder[0] = response.body();
                return response.statusCode() == 200;
            });
            return holder[0];
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
