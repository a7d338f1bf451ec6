package org.commonplace.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.commonplace.orchestrator.runtime.RunFiles;
import org.commonplace.orchestrator.spawn.ProcessGroups;
import org.commonplace.orchestrator.testing.ConfigBuilder;
import org.commonplace.orchestrator.testing.ControlClient;
import org.commonplace.orchestrator.testing.OrchestratorRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, item 6: commands racing each other hung (a stop with dependents during a restart left both
 * without an answer). For a few seconds, clients send random start, stop, restart and stop
 * --with-dependents over a small dependency graph, while real children are killed and the config is
 * reloaded; every command must be answered within a bound, and afterwards the states must add up.
 * Seeded: the seed is printed, and {@code -Dchaos.seed=N} plays the same commands, kills and reloads
 * again (the interleaving with the children's exits is the machine's).
 */
final class CommandChaosTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The graph: svc needs db; app needs svc, cache and the one-shot job. */
    private static final Map<String, List<String>> DEPENDS = Map.of("db", List.of(), "cache", List.of(), "job", List.of(),
            "svc", List.of("db"), "app", List.of("svc", "cache", "job"));
    private static final List<String> NAMES = List.of("db", "cache", "job", "svc", "app");
    private static final long CHAOS_MS = 4000;
    /** What "answered" means here: well within this, even on a loaded machine (a stop takes at most 1 s). */
    private static final Duration ANSWER = Duration.ofSeconds(15);

    /** How many commands were answered, and the slowest answer: said at the end. */
    private static final java.util.concurrent.atomic.AtomicInteger ANSWERED = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicLong SLOWEST_MS = new java.util.concurrent.atomic.AtomicLong();

    @TempDir
    Path dir;

    private Path config(int generation, boolean extra) {
        var config = new ConfigBuilder();
        for (String name : NAMES) {
            // Each reload of an odd generation changes cache's command line: it is restarted with it.
            var p = name.equals("job") ? config.shell(name, "exit 0")
                    : config.shell(name, "exec sleep " + (name.equals("cache") ? 600 + generation % 2 : 600));
            p.put("depends_on", DEPENDS.get(name));
            p.put("restart", ConfigBuilder.restart(name.equals("job") ? "on_failure" : "always", 20, 200));
            p.put("stop_timeout_ms", 1000);
            if (name.equals("job")) {
                p.put("ready", Map.of("exit", 0));
            }
        }
        if (extra) {
            config.shell("extra", "exec sleep 600").put("depends_on", List.of("db"));
        }
        return config.writeTo(dir);
    }

    @Test
    void randomCommandsCrashesAndReloadsAreAllAnsweredAndTheStatesAddUp() throws Exception {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        System.out.println("CommandChaosTest seed " + seed + " (replay with -Dchaos.seed=" + seed + ")");
        Path file = config(0, false);
        var failures = Collections.synchronizedList(new ArrayList<String>());
        int clients = 6;
        ExecutorService pool = Executors.newCachedThreadPool();
        try (var run = OrchestratorRun.run(file)) {
            run.awaitStdout("started app \\(pid", Duration.ofSeconds(30));
            long chaosFrom = System.nanoTime();
            Path socket = RunFiles.of(file).socket();
            long end = System.nanoTime() + CHAOS_MS * 1_000_000;
            var actors = new ArrayList<CompletableFuture<Void>>();
            for (int c = 0; c < clients; c++) {
                var random = new Random(seed + c);
                actors.add(CompletableFuture.runAsync(() -> {
                    while (System.nanoTime() < end) {
                        ObjectNode request = randomCommand(random);
                        // Paced by the answers: the next command goes once this one is answered.
                        askWithin(pool, socket, request, failures);
                    }
                }, pool));
            }
            var random = new Random(seed + clients);
            actors.add(CompletableFuture.runAsync(() -> {
                int generation = 0;
                while (System.nanoTime() < end) {
                    // Paced by the orchestrator: a reload goes on once answered, a kill once the exit is seen.
                    if (random.nextInt(2) == 0) {
                        generation++;
                        config(generation, generation % 3 == 1);
                        askWithin(pool, socket, JSON.createObjectNode().put("v", 1).put("cmd", "reload"), failures);
                    } else {
                        crashOne(socket, random);
                    }
                }
            }, pool));
            CompletableFuture.allOf(actors.toArray(CompletableFuture[]::new)).get(CHAOS_MS + ANSWER.toMillis() * 4, TimeUnit.MILLISECONDS);
            System.out.println("CommandChaosTest: " + ANSWERED.get() + " commands answered, the slowest in " + SLOWEST_MS.get() + " ms");
            assertThat(failures).as("commands without an answer within " + ANSWER + " (seed " + seed + ")").isEmpty();

            // Afterwards: one start of everything brings every process up, each with its own live child.
            config(0, false);
            askWithin(pool, socket, JSON.createObjectNode().put("v", 1).put("cmd", "reload"), failures);
            ObjectNode startAll = JSON.createObjectNode().put("v", 1).put("cmd", "start");
            NAMES.forEach(startAll.putArray("names")::add);
            JsonNode started = askWithin(pool, socket, startAll, failures);
            assertThat(failures).as("seed " + seed).isEmpty();
            assertThat(started.path("ok").asBoolean()).as("seed %d: %s", seed, started).isTrue();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode ps = ControlClient.ask(socket, "{\"v\":1,\"cmd\":\"ps\"}");
                var pids = new HashSet<Long>();
                for (JsonNode p : ps.path("processes")) {
                    String name = p.path("name").asText();
                    if (name.equals("job")) {
                        assertThat(p.path("state").asText()).as("seed %d: %s", seed, p).isEqualTo("stopped");
                        assertThat(p.path("last_exit").path("code").asInt(-1)).as("seed %d: %s", seed, p).isZero();
                        continue;
                    }
                    assertThat(p.path("state").asText()).as("seed %d: %s", seed, p).isEqualTo("running");
                    assertThat(p.path("stopped_by_hand").asBoolean()).as("seed %d: %s", seed, p).isFalse();
                    long pid = p.path("pid").asLong();
                    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("seed %d: %s", seed, p).contains(true);
                    assertThat(pids.add(pid)).as("seed %d: pid %d twice", seed, pid).isTrue();
                }
                assertThat(ps.path("processes").size()).as("seed %d: %s", seed, ps).isEqualTo(NAMES.size());
            });
            System.out.println("CommandChaosTest: chaos and settling took " + (System.nanoTime() - chaosFrom) / 1_000_000 + " ms");
            run.signal(ProcessGroups.SIGTERM);
            assertThat(run.awaitExit(Duration.ofSeconds(20))).as("seed %d: %s", seed, run.stdout()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    private static ObjectNode randomCommand(Random random) {
        String[] verbs = {"start", "stop", "restart", "stop"};
        int verb = random.nextInt(verbs.length);
        ObjectNode request = JSON.createObjectNode().put("v", 1).put("cmd", verbs[verb]);
        var names = request.putArray("names");
        names.add(NAMES.get(random.nextInt(NAMES.size())));
        if (random.nextBoolean()) {
            String second = NAMES.get(random.nextInt(NAMES.size()));
            if (!second.equals(names.get(0).asText())) {
                names.add(second);
            }
        }
        if (verb == 3) {
            request.put("with_dependents", true);
        }
        return request;
    }

    /** Sends {@code request} on its own connection; a reply later than {@link #ANSWER}, or none, is a failure. */
    private static JsonNode askWithin(ExecutorService pool, Path socket, ObjectNode request, List<String> failures) {
        long sent = System.nanoTime();
        var reply = CompletableFuture.supplyAsync(() -> ControlClient.ask(socket, request.toString()), pool);
        try {
            JsonNode answer = reply.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
            ANSWERED.incrementAndGet();
            SLOWEST_MS.accumulateAndGet((System.nanoTime() - sent) / 1_000_000, Math::max);
            if (!answer.has("ok")) {
                failures.add(request + ": no answer but " + answer);
            }
            return answer;
        } catch (TimeoutException e) {
            failures.add(request + ": no answer within " + ANSWER);
        } catch (Exception e) {
            failures.add(request + ": " + e);
        }
        return JSON.createObjectNode();
    }

    /** SIGKILL the child of a random process that has one: a crash. */
    /** SIGKILLs one process's child, if it has one, and waits until the supervisor has seen that exit. */
    private static void crashOne(Path socket, Random random) {
        String name = NAMES.get(random.nextInt(NAMES.size()));
        long pid = pidOf(socket, name);
        if (pid > 0) {
            ProcessGroups.signalProcess(pid, ProcessGroups.SIGKILL);
            await().atMost(ANSWER).until(() -> pidOf(socket, name) != pid);
        }
    }

    private static long pidOf(Path socket, String name) {
        for (JsonNode p : ControlClient.ask(socket, "{\"v\":1,\"cmd\":\"ps\"}").path("processes")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("pid").asLong();
            }
        }
        return 0;
    }

}
