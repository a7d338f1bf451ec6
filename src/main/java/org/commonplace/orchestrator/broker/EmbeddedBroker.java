package org.commonplace.orchestrator.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.commonplace.orchestrator.config.BrokerAddress;
import org.commonplace.orchestrator.config.EmbeddedBrokerSettings;
import org.commonplace.orchestrator.policy.Backoff;
import org.commonplace.orchestrator.spawn.ChildProcesses;

/**
 * An MQTT broker for the orchestrator ({@code "embedded_broker": true}, {@code --embedded-broker}),
 * for a machine that has only a JDK: Moquette, in memory, MQTT 3.1.1, run from our own jar in a JVM
 * of its own ({@link BrokerProcess}), so that what its clients make it hold never comes out of the
 * orchestrator's heap.
 *
 * <p>Why a process: any local user may publish on it, and Moquette 0.17 keeps retained messages,
 * queues for offline sessions and per-loop command queues without limits. In our heap, retained
 * 1 MiB messages on distinct topics took 119 of its 128 MB and supervision died of
 * OutOfMemoryError. Now the broker's JVM has a heap of {@link #BrokerSettings.HEAP_MB} MiB and exits when it is
 * exhausted; its retained messages are kept within {@link RetainedBudget}'s budget, and messages
 * above {@link #BrokerSettings.MAX_MESSAGE_BYTES} close their sender's connection. A broker that ends while we run
 * is said in one line and started again on the same address with backoff (0.5 s doubling to 30 s);
 * the orchestrator's own connection then reconnects and publishes everything again.
 *
 * <p>It starts only when nothing answers an MQTT CONNECT at the configured address; a broker that
 * already answers there is used instead. It binds where {@link BindPlan} says (loopback unless the
 * address names another host) and is configured so that it writes no file, phones nowhere, opens no
 * websocket port and accepts the empty client id that MQTT 3.1.1 allows. It ignores the stop signals
 * a terminal or systemd sends to the whole group, and ends when its stdin closes: when {@link #close}
 * closes it after every child has stopped, or when the orchestrator dies, even by SIGKILL.
 */
public final class EmbeddedBroker implements AutoCloseable {
    /** How long to wait for an answer at the address before deciding that nothing is there. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** How long the broker's JVM may take to start and bind (a busy machine, a cold disk). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@link #close} waits for it to end before it is killed. */
    static final Duration STOP_WAIT = Duration.ofSeconds(2);

    /** What its lines are cut to when we repeat them. */
    private static final int MAX_LINE = 300;

    private final BindPlan bind;
    private final EmbeddedBrokerSettings settings;
    private final Consumer<String> say;
    private final Backoff backoff = new Backoff(500, 30_000);
    private final Object lock = new Object();
    private Process process;
    private boolean closing;

    private EmbeddedBroker(BindPlan bind, EmbeddedBrokerSettings settings, Consumer<String> say, Process first) {
        this.bind = bind;
        this.settings = settings;
        this.say = say;
        this.process = first;
    }

    /** Why the embedded broker could not start; the message is one line naming the address. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * What start-up decided.
     *
     * @param broker the embedded broker when one was started, empty when another one answers
     * @param line   one line for the console saying which broker is used, and where
     */
    public record Start(Optional<EmbeddedBroker> broker, String line) {
    }

    /** As {@link #startUnlessAnswering(BrokerAddress, Consumer)}, with the broker's later lines unsaid. */
    public static Start startUnlessAnswering(BrokerAddress address) throws Refused {
        return startUnlessAnswering(address, EmbeddedBrokerSettings.OPEN, line -> { });
    }

    /**
     * Uses the broker that answers at {@code address}, or starts the embedded one there.
     *
     * @param say hears, one line each, what the broker says later (its budget reached) and its
     *            ends and restarts; called on the broker's own threads
     * @throws Refused when the host does not resolve or the address cannot be bound (in use by
     *                 something that is not a broker, or not an address of this machine)
     */
    public static Start startUnlessAnswering(BrokerAddress address, EmbeddedBrokerSettings settings, Consumer<String> say)
            throws Refused {
        Optional<BrokerCheck.Unreachable> problem = BrokerCheck.problem(address, PROBE_TIMEOUT);
        if (problem.isEmpty()) {
            return new Start(Optional.empty(), "an MQTT broker already answers at " + address
                    + "; using it (the embedded broker is not started)");
        }
        BindPlan bind = BindPlan.of(address).orElseThrow(() -> new Refused("cannot start the embedded MQTT broker at "
                + address + ": host '" + address.host() + "' does not resolve"));
        Process first;
        try {
            first = launch(bind, settings, say);
        } catch (Refused e) {
            throw new Refused(e.getMessage() + " (nothing answered MQTT there: " + problem.get().reason() + ")");
        }
        var broker = new EmbeddedBroker(bind, settings, say, first);
        Thread.ofPlatform().daemon().name("embedded-broker-keeper").start(broker::keep);
        return new Start(Optional.of(broker), BrokerSettings.describe(bind, settings));
    }

    /** Starts the broker's JVM and waits until it listens (its first line says "ready"), or says why not. */
    private static Process launch(BindPlan bind, EmbeddedBrokerSettings settings, Consumer<String> say) throws Refused {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new java.util.ArrayList<String>();
        command.add(java);
        command.addAll(BrokerSettings.jvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName(), bind.host(),
                Integer.toString(bind.port())));
        settings.passwordFile().ifPresent(f -> command.addAll(List.of(BrokerProcess.PASSWORD_FILE, f.toString())));
        settings.aclFile().ifPresent(f -> command.addAll(List.of(BrokerProcess.ACL_FILE, f.toString())));
        settings.persistence().ifPresent(d -> command.addAll(List.of(BrokerProcess.PERSISTENCE, d.toString())));
        Process process;
        try {
            process = ChildProcesses.start(new ProcessBuilder(command).redirectErrorStream(true));
        } catch (IOException e) {
            throw new Refused("cannot start the embedded MQTT broker's JVM (" + java + "): " + e.getMessage());
        }
        var first = new CompletableFuture<String>();
        Thread.ofPlatform().daemon().name("embedded-broker-output").start(() -> relay(process, first, say));
        String line;
        try {
            line = first.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            line = "no answer within " + START_TIMEOUT.toSeconds() + " s";
        } catch (ExecutionException e) {
            line = "no answer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            line = "interrupted";
        }
        if (line.equals(BrokerProcess.READY)) {
            return process;
        }
        stop(process);
        throw new Refused("cannot start the embedded MQTT broker on " + bind.endpoint() + ": "
                + (line.startsWith(BrokerProcess.REFUSED) ? line.substring(BrokerProcess.REFUSED.length()) : line));
    }

    /** Reads what the broker's JVM prints: the first line completes {@code first}, the others are said. */
    private static void relay(Process process, CompletableFuture<String> first, Consumer<String> say) {
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                String cut = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line;
                if (!first.complete(cut.strip())) {
                    say.accept("embedded MQTT broker: " + cut);
                }
            }
        } catch (IOException e) {
            // its output closed with it; its end is said by the keeper
        }
        first.complete("its JVM ended at start (exit code " + exitCode(process) + ")");
    }

    private static String exitCode(Process process) {
        try {
            return Integer.toString(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Starts the broker again whenever it ends before {@link #close}, with backoff. Its own thread. */
    private void keep() {
        Process current;
        synchronized (lock) {
            current = process;
        }
        long started = System.nanoTime();
        while (true) {
            long pid = current.pid();
            String how = "exit code " + exitCode(current);
            long delay = backoff.nextDelay((System.nanoTime() - started) / 1_000_000);
            if (!pause(() -> "the embedded MQTT broker (pid " + pid + ") ended (" + how + "); starting it again in "
                    + delay + " ms", delay)) {
                return;
            }
            Optional<Process> next = relaunch();
            if (next.isEmpty()) {
                return;
            }
            current = next.get();
            started = System.nanoTime();
        }
    }

    /** Says {@code line} and waits {@code ms}; {@return false when closing (then nothing is said)} */
    private boolean pause(java.util.function.Supplier<String> line, long ms) {
        synchronized (lock) {
            if (closing) {
                return false;
            }
            say.accept(line.get());
            try {
                lock.wait(Math.max(1, ms));
            } catch (InterruptedException e) {
                return false;
            }
            return !closing;
        }
    }

    /** {@return the broker started again; empty when closing came first} */
    private Optional<Process> relaunch() {
        while (true) {
            try {
                Process next = launch(bind, settings, say);
                synchronized (lock) {
                    if (closing) {
                        stop(next);
                        return Optional.empty();
                    }
                    process = next;
                    say.accept("the embedded MQTT broker listens again on " + bind.endpoint() + " (pid " + next.pid() + ")");
                    return Optional.of(next);
                }
            } catch (Refused e) {
                long delay = backoff.nextDelay(0);
                if (!pause(() -> e.getMessage() + "; trying again in " + delay + " ms", delay)) {
                    return Optional.empty();
                }
            }
        }
    }

    /** {@return where it listens} */
    public String endpoint() {
        return bind.endpoint();
    }

    /** {@return the pid of the broker's JVM now} */
    public long pid() {
        synchronized (lock) {
            return process.pid();
        }
    }

    /**
     * Stops the broker: its port and connections close. Called after every child has stopped.
     * Closes its stdin, which ends it, and waits at most {@link #STOP_WAIT} before killing it.
     */
    @Override
    public void close() {
        Process current;
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
            current = process;
        }
        stop(current);
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
