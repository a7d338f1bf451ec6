package org.commonplace.orchestrator.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.commonplace.orchestrator.config.RestartSpec;
import org.commonplace.orchestrator.config.StopSignal;
import org.commonplace.orchestrator.control.ControlServer;
import org.commonplace.orchestrator.control.LogBook;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.output.OutputSink;
import org.commonplace.orchestrator.spawn.LaunchSpec;
import org.commonplace.orchestrator.testing.ControlClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control server over its real socket, in this JVM, in front of a real {@link Supervisor} whose
 * children are fakes ({@link FakeLauncher}): every verb end to end, and every malformed request
 * refused in one line that names the field and the value, in milliseconds and without a JVM per case.
 */
final class ControlInProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OutputSink NOWHERE = new OutputSink() {
        @Override
        public void out(byte[] bytes, int off, int len) {
        }

        @Override
        public void err(byte[] bytes, int off, int len) {
        }
    };

    @TempDir
    Path dir;

    private final FakeLauncher launcher = new FakeLauncher();
    private final FakeClock clock = new FakeClock();
    private final LogBook logs = new LogBook();
    private final List<ManagedProcess> processes = new ArrayList<>();
    /** What {@code reload} reads. */
    private volatile List<ManagedProcess> reloaded = List.of();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private Supervisor supervisor;
    private ControlServer server;
    private Path socket;

    private ManagedProcess process(String name, String... deps) {
        return new ManagedProcess(name, List.of(deps), new LaunchSpec(name, List.of(), Path.of("."), Map.of()),
                RestartSpec.defaults(), StopSignal.TERM, 5000);
    }

    @BeforeEach
    void start() throws Exception {
        processes.add(process("db"));
        processes.add(process("web", "db"));
        supervisor = new Supervisor(processes, launcher, (name, child, line, onReady) -> CompletableFuture.completedFuture(null),
                ReadinessWatcher.none(), clock, clock, new Console(new RecordingSink()));
        socket = dir.resolve("control.sock");
        server = ControlServer.open(socket, supervisor, logs, () -> new ControlServer.Reloaded(List.of(), reloaded, true),
                new Console(new RecordingSink()));
        // The loop runs on a thread of its own, as in the orchestrator; the server tells shutdown clients its end.
        Thread.ofPlatform().daemon().name("test-loop").start(() -> {
            try {
                int code = supervisor.run();
                server.close(code);
                exited.complete(code);
            } catch (InterruptedException e) {
                exited.completeExceptionally(e);
            }
        });
        server.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> state("web").equals("running"));
    }

    @AfterEach
    void stop() throws Exception {
        if (!exited.isDone()) {
            ask("{\"cmd\":\"shutdown\"}");
            exited.get();
        }
    }

    private JsonNode ask(String request) {
        return ControlClient.ask(socket, request);
    }

    private JsonNode process(JsonNode reply, String name) {
        for (JsonNode p : reply.path("processes")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no " + name + " in " + reply);
    }

    /** {@return the state the supervisor itself gives, asked without the control server} */
    private String state(String name) {
        var reply = new CompletableFuture<CommandReply>();
        supervisor.post(new Event.Control(new Command.Snapshot(), reply));
        return reply.join().processes().stream().filter(p -> p.name().equals(name)).findFirst()
                .map(p -> p.state().name().toLowerCase(java.util.Locale.ROOT)).orElse("");
    }

    private static List<String> texts(JsonNode array) {
        var list = new ArrayList<String>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    /**
     * What the supervisor knows is what {@code ps} shows. The fake children's pids name no process
     * of this machine: the view that peeked at /proc turned each into {@code stopped}, pid null.
     */
    @Test
    void psShowsWhatTheSupervisorKnows() {
        JsonNode ps = ask("{\"v\":1,\"cmd\":\"ps\"}");
        assertThat(ps.path("ok").asBoolean()).as(ps.toString()).isTrue();
        assertThat(ps.path("processes").findValuesAsText("name")).containsExactly("db", "web");
        assertThat(process(ps, "web").path("state").asText()).isEqualTo("running");
        assertThat(process(ps, "web").path("pid").asLong()).isEqualTo(launcher.latest("web").pid);
        assertThat(process(ps, "db").path("pid").asLong()).isEqualTo(launcher.latest("db").pid);
    }

    @Test
    void stopStartAndRestartAnswerWithWhatWasDone() {
        JsonNode stop = ask("{\"cmd\":\"stop\",\"names\":[\"db\"],\"with_dependents\":true}");
        assertThat(stop.path("ok").asBoolean()).as(stop.toString()).isTrue();
        assertThat(texts(stop.path("lines"))).hasSize(2).anyMatch(l -> l.startsWith("stopped web"))
                .anyMatch(l -> l.startsWith("stopped db"));
        assertThat(process(stop, "db").path("state").asText()).isEqualTo("stopped");
        assertThat(process(stop, "db").path("stopped_by_hand").asBoolean()).isTrue();
        assertThat(launcher.latest("web").signals).startsWith(15);

        JsonNode start = ask("{\"cmd\":\"start\",\"names\":[\"web\"]}");
        assertThat(start.path("ok").asBoolean()).as(start.toString()).isTrue();
        assertThat(texts(start.path("lines"))).anyMatch(l -> l.contains("starting db first (web depends on it)"))
                .anyMatch(l -> l.startsWith("started web (pid " + launcher.latest("web").pid + ")"));

        long before = launcher.latest("web").pid;
        JsonNode restart = ask("{\"cmd\":\"restart\",\"names\":[\"web\"]}");
        assertThat(restart.path("ok").asBoolean()).as(restart.toString()).isTrue();
        assertThat(launcher.latest("web").pid).isNotEqualTo(before);
        assertThat(process(restart, "web").path("pid").asLong()).isEqualTo(launcher.latest("web").pid);
    }

    @Test
    void anUnknownNameIsRefusedWithASuggestion() {
        JsonNode unknown = ask("{\"cmd\":\"stop\",\"names\":[\"wep\"]}");
        assertThat(unknown.path("error").asText()).isEqualTo("unknown_process");
        assertThat(unknown.path("message").asText()).isEqualTo("no process named 'wep' (did you mean 'web'?); known: db, web");
        assertThat(texts(unknown.path("names"))).containsExactly("wep");
        assertThat(launcher.latest("web").signals).isEmpty();
    }

    @Test
    void logsTellsTheNamedProcessesLinesAndEnds() throws Exception {
        logs.tee("web", NOWHERE).out("[web] GET / 200\n".getBytes(StandardCharsets.UTF_8), 0, 16);
        logs.tee("db", NOWHERE).out("[db] checkpoint\n".getBytes(StandardCharsets.UTF_8), 0, 16);
        try (SocketChannel c = ControlClient.connect(socket)) {
            ControlClient.write(c, "{\"cmd\":\"logs\",\"names\":[\"web\"],\"lines\":10}\n");
            assertThat(ControlClient.readLine(c)).contains("\"ok\":true");
            JsonNode line = JSON.readTree(ControlClient.readLine(c));
            assertThat(line.path("name").asText()).isEqualTo("web");
            assertThat(line.path("line").asText()).isEqualTo("GET / 200");
            assertThat(JSON.readTree(ControlClient.readLine(c)).path("end").asBoolean()).isTrue();
        }
    }

    @Test
    void watchSendsTheListAtOnce() throws Exception {
        try (SocketChannel c = ControlClient.connect(socket)) {
            ControlClient.write(c, "{\"cmd\":\"watch\",\"interval_ms\":500}\n");
            JsonNode first = JSON.readTree(ControlClient.readLine(c));
            assertThat(first.path("ok").asBoolean()).isTrue();
            assertThat(process(first, "web").path("state").asText()).isEqualTo("running");
        }
    }

    @Test
    void reloadAppliesWhatTheReloaderRead() {
        var extra = new ArrayList<>(processes);
        extra.add(process("cache"));
        reloaded = extra;
        JsonNode reload = ask("{\"cmd\":\"reload\"}");
        assertThat(reload.path("ok").asBoolean()).as(reload.toString()).isTrue();
        assertThat(texts(reload.path("changes").path("started"))).containsExactly("cache");
        assertThat(texts(reload.path("changes").path("kept"))).containsExactly("db", "web");
        await().atMost(Duration.ofSeconds(10)).until(() -> state("cache").equals("running"));
    }

    @Test
    void shutdownAnswersThenSaysHowItExited() throws Exception {
        try (SocketChannel c = ControlClient.connect(socket)) {
            ControlClient.write(c, "{\"cmd\":\"shutdown\"}\n");
            String first = ControlClient.readLine(c);
            assertThat(JSON.readTree(first).path("ok").asBoolean()).as(first).isTrue();
            JsonNode end = JSON.readTree(ControlClient.readLine(c));
            assertThat(end.has("exited")).as(end.toString()).isTrue();
            assertThat(end.path("exited").asInt()).isEqualTo(exited.get());
            assertThat(ControlClient.readLine(c)).isNull();
        }
    }

    /**
     * Item 9c: each of these was taken for something else ({@code "v":"1"} and {@code 1.5} as version
     * 1, {@code "names":"web"} as no name, so every process's lines; {@code [null]} as the name
     * {@code null}; {@code "follow":"yes"} as false). Each is now refused, naming the field and the value.
     */
    @Test
    void aFieldOfTheWrongTypeIsRefusedNamingTheFieldAndTheValue() {
        logs.tee("db", NOWHERE).out("[db] secret\n".getBytes(StandardCharsets.UTF_8), 0, 12);
        var wrong = new ArrayList<String>();
        Refusal refused = (request, error, message) -> {
            JsonNode reply = ask(request);
            String said = reply.path("message").asText();
            if (reply.path("ok").asBoolean(true) || !reply.path("error").asText().equals(error) || !said.contains(message)
                    || said.contains("\n")) {
                wrong.add(request + " -> " + reply);
            }
        };
        refused.accept("{\"v\":\"1\",\"cmd\":\"ps\"}", "unsupported_version", "\"v\" is \"1\"");
        refused.accept("{\"v\":1.5,\"cmd\":\"ps\"}", "unsupported_version", "\"v\" is 1.5");
        refused.accept("{\"v\":2,\"cmd\":\"ps\"}", "unsupported_version", "\"v\" is 2");
        refused.accept("{\"cmd\":\"logs\",\"names\":\"web\"}", "bad_request", "\"names\" must be an array of process names, not \"web\"");
        refused.accept("{\"cmd\":\"stop\",\"names\":[null]}", "bad_request", "\"names\"[0] must be a process name (a string), not null");
        refused.accept("{\"cmd\":\"stop\",\"names\":[\"web\",7]}", "bad_request", "\"names\"[1] must be a process name (a string), not 7");
        refused.accept("{\"cmd\":\"logs\",\"follow\":\"yes\"}", "bad_request", "\"follow\" must be true or false, not \"yes\"");
        refused.accept("{\"cmd\":\"stop\",\"names\":[\"db\"],\"with_dependents\":1}", "bad_request",
                "\"with_dependents\" must be true or false, not 1");
        refused.accept("{\"cmd\":\"logs\",\"lines\":\"5\"}", "bad_request", "\"lines\" must be a whole number, not \"5\"");
        refused.accept("{\"cmd\":\"watch\",\"interval_ms\":0.5}", "bad_request", "\"interval_ms\" must be a whole number, not 0.5");
        refused.accept("{\"cmd\":[\"ps\"]}", "bad_request", "\"cmd\" must be a string, not [\"ps\"]");
        assertThat(wrong).as("requests not refused in one line naming the field and value").isEmpty();
        // A long value is quoted cut short: the error stays one short line.
        JsonNode longName = ask("{\"cmd\":\"stop\",\"names\":\"" + "x".repeat(5000) + "\"}");
        assertThat(longName.path("message").asText()).hasSizeLessThan(200);
        JsonNode longCommand = ask("{\"cmd\":\"" + "y".repeat(5000) + "\"}");
        assertThat(longCommand.path("error").asText()).isEqualTo("unknown_command");
        assertThat(longCommand.path("message").asText()).hasSizeLessThan(200);
        // Nothing was done by any of them.
        assertThat(launcher.latest("web").signals).isEmpty();
        assertThat(launcher.latest("db").signals).isEmpty();
    }

    @FunctionalInterface
    private interface Refusal {
        void accept(String request, String error, String message);
    }
}
