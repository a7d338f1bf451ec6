package org.commonplace.orchestrator.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Map;
import java.util.Optional;
import org.commonplace.orchestrator.broker.BrokerCheck;
import org.commonplace.orchestrator.broker.EmbeddedBroker;
import org.commonplace.orchestrator.broker.SupervisedBroker;
import org.commonplace.orchestrator.config.LogSettings;
import org.commonplace.orchestrator.config.OrchestratorConfig;
import org.commonplace.orchestrator.config.RemoteDependency;
import org.commonplace.orchestrator.model.ExitCodes;
import org.commonplace.orchestrator.mqtt.Fabric;
import org.commonplace.orchestrator.mqtt.MqttFabric;
import org.commonplace.orchestrator.supervise.ManagedProcess;
import org.commonplace.orchestrator.control.ControlServer;
import org.commonplace.orchestrator.control.LogBook;
import org.commonplace.orchestrator.notify.SystemdNotifier;
import org.commonplace.orchestrator.output.Console;
import org.commonplace.orchestrator.output.ConsoleSink;
import org.commonplace.orchestrator.output.LogFiles;
import org.commonplace.orchestrator.output.LogStyle;
import org.commonplace.orchestrator.output.OutputPump;
import org.commonplace.orchestrator.policy.Ticker;
import org.commonplace.orchestrator.probe.GroupMemory;
import org.commonplace.orchestrator.probe.LivenessProber;
import org.commonplace.orchestrator.probe.MessageBoard;
import org.commonplace.orchestrator.probe.ProbeWatcher;
import org.commonplace.orchestrator.spawn.ChildProcesses;
import org.commonplace.orchestrator.spawn.custody.Custody;
import org.commonplace.orchestrator.spawn.Launcher;
import org.commonplace.orchestrator.spawn.NativeLauncher;
import org.commonplace.orchestrator.spawn.OsLauncher;
import org.commonplace.orchestrator.supervise.Event;
import org.commonplace.orchestrator.supervise.Scheduler;
import org.commonplace.orchestrator.supervise.Supervisor;

/** What {@code run} does: load, plan, check the broker, then supervise until stopped. */
final class Runner {
    /** How long the end of a run waits for the last crash reports and their on_failure hooks. */
    static final long CRASH_HOOKS_AT_END_MS = 15_000;

    private Runner() {
    }

    static int run(RunOptions options) throws InterruptedException {
        StartupTrace.mark("picocli: parsed, run called");
        Optional<OrchestratorConfig> config = ConfigStep.load(options.config, options.strict, System.err);
        StartupTrace.mark("config read and checked");
        if (config.isEmpty()) {
            return ExitCodes.USAGE;
        }
        RunPlan plan = RunPlanner.plan(config.get(), options);
        // Before the names are known to the output: the embedded broker is one of the processes.
        Optional<String> brokerLine = Optional.empty();
        // Said when the broker's process is ready, not now (it does not listen yet).
        Optional<String> brokerReadyLine = Optional.empty();
        Optional<String> brokerRefused = Optional.empty();
        if (plan.embeddedBroker() && !plan.processes().isEmpty()) {
            try {
                SupervisedBroker.Decision decision = SupervisedBroker.decide(plan.broker(), config.get().embeddedBrokerSettings());
                if (decision.command().isEmpty()) {
                    brokerLine = Optional.of(decision.line());
                } else {
                    brokerReadyLine = Optional.of(decision.line());
                    Optional<String> folder = config.get().embeddedBrokerSettings().persistence()
                            .flatMap(d -> BrokerDataFolder.problem(options.config, d));
                    if (folder.isPresent()) {
                        System.err.println(folder.get());
                        return ExitCodes.USAGE;
                    }
                    plan = EmbeddedBrokerStep.supervised(plan, decision.command().get());
                }
            } catch (EmbeddedBroker.Refused e) {
                brokerRefused = Optional.of(e.getMessage());
            }
        }
        LogSettings logSettings = config.get().logs();
        List<String> names = plan.processes().stream().map(ManagedProcess::name).toList();
        Optional<LogStyle> style = OutputStep.style(options, logSettings, names, System.err);
        if (style.isEmpty() || !OutputStep.makeFolders(options.config, logSettings, names, System.err)) {
            return ExitCodes.USAGE;
        }
        StartupTrace.mark("planned, output style and log folders");
        var sink = new ConsoleSink();
        var files = new AtomicReference<LogFiles>();
        try {
            return supervise(options, config.get(), plan, brokerLine, brokerReadyLine, brokerRefused, sink, style.get(), logSettings,
                    files);
        } finally {
            // The writer threads are daemons: let them deliver the last lines before the JVM exits.
            if (files.get() != null) {
                files.get().flush(5000);
            }
            sink.flush(5000);
        }
    }

    private static int supervise(RunOptions options, OrchestratorConfig config, RunPlan plan, Optional<String> brokerLine,
                                 Optional<String> brokerReadyLine,
                                 Optional<String> brokerRefused, ConsoleSink sink, LogStyle style,
                                 LogSettings logSettings, AtomicReference<LogFiles> filesOut) throws InterruptedException {
        // Every line, ours and the children's, is also kept for `logs`.
        var logs = new LogBook(style::strip);
        var consoleRef = new AtomicReference<Console>();
        // One writer thread for every log file, made only when there are files; its trouble is told on the console.
        boolean anyFile = logSettings.dir().isPresent() || !logSettings.files().isEmpty();
        LogFiles files = anyFile ? new LogFiles(message -> consoleRef.get().info(message)) : null;
        filesOut.set(files);
        var console = new Console(logs.tee("orchestrator", sink), style,
                files == null ? null : logSettings.orchestratorFile().map(f -> files.file(spec(f))).orElse(null));
        consoleRef.set(console);
        LibraryLogging.sayThrough(console::error);
        sink.voice(console::line);
        sink.whenStdoutCloses(console::toFile);
        if (style.json()) {
            // One stream of JSON lines for a shipper to read; "stream" tells stdout from stderr.
            sink.stderrToStdout();
        }
        plan.warnings().forEach(w -> console.error("warning: " + w));
        if (!config.processes().isEmpty() && plan.processes().isEmpty()) {
            console.error("every process is disabled; nothing to run");
            return ExitCodes.USAGE;
        }
        if (brokerRefused.isPresent()) {
            console.error(brokerRefused.get() + "; nothing was started");
            return ExitCodes.FAILURE;
        }
        brokerLine.ifPresent(console::info);
        return superviseStack(options, config, plan, brokerReadyLine, sink, style, logSettings, logs, console, files, filesOut::set);
    }

    private static int superviseStack(RunOptions options, OrchestratorConfig config, RunPlan plan, Optional<String> brokerReadyLine,
                                      ConsoleSink sink, LogStyle style, LogSettings logSettings, LogBook logs, Console console,
                                      LogFiles files, java.util.function.Consumer<LogFiles> madeLater)
            throws InterruptedException {
        if (plan.checkBroker()) {
            Optional<BrokerCheck.Unreachable> problem = BrokerCheck.awaitBroker(plan.broker(),
                    Duration.ofSeconds(options.waitForBrokerSeconds), console::info);
            if (problem.isPresent()) {
                console.error("cannot reach the MQTT broker at " + plan.broker() + ": " + problem.get().reason()
                        + "; nothing was started. " + problem.get().hint());
                return ExitCodes.FAILURE;
            }
            console.info("MQTT broker at " + plan.broker() + " answers");
        }
        plan.brokerProcess().ifPresent(b -> console.info("the MQTT broker at " + plan.broker() + " is process " + b
                + "; what needs the broker starts when " + b + " is ready"));
        Custody custody;
        try {
            custody = Custody.open(options.config);
        } catch (Custody.Refused e) {
            console.error(e.getMessage());
            return ExitCodes.FAILURE;
        }
        custody.notes().forEach(console::info);
        custody.reportTo(console::error);
        StartupTrace.mark("custody: lock, run record, guard, subreaper");
        // The native launcher serves every child from one I/O thread; the ProcessBuilder one is the
        // fallback for kernels without pidfd (before 5.4).
        Launcher launcher = StartupTrace.watching(
                NativeLauncher.available() ? new NativeLauncher(custody) : new OsLauncher(custody), plan.processes().size(), System.err);
        StartupTrace.mark("launcher: native calls linked, I/O loop");
        Scheduler scheduler = Scheduler.daemon();
        // Each start looks its file up where the config last loaded places it (a reload may move or add files).
        var places = new LogPlaces(logSettings, plan.processes().stream().map(ManagedProcess::name).toList(), files, console::info, madeLater);
        var pump = new OutputPump(style, name -> logs.tee(name, sink), places::fileOf);
        // mqtt_message ready checks share one subscription, kept for the run (see MessageBoard).
        var board = new MessageBoard(plan.broker(), config.fabric().username(), config.fabric().passwordFile(), console::info);
        var supervisor = new Supervisor(plan.processes(), launcher, new PumpAttacher(pump),
                new ProbeWatcher(launcher, board), scheduler, Ticker.system(), console);
        brokerReadyLine.ifPresent(line -> plan.brokerProcess().ifPresent(name ->
                supervisor.addListener(new SayWhenReady(name, line, console::info))));
        // A core thread ended by an error stops everything and makes us exit 1 (issue 21): never half alive.
        launcher.onCoreFailure(supervisor::coreFailed);
        ChildProcesses.onCoreFailure(supervisor::coreFailed);
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof Error) {
                supervisor.coreFailed("thread " + thread.getName(), e, true);
            } else {
                console.error("internal error in thread " + thread.getName() + ": " + e);
            }
        });
        // Crashes kept with their last lines (ps NAME, logs --last-crash, MQTT), and on_failure hooks run.
        CrashStep crashes = CrashStep.wire(config, supervisor, logs, launcher, custody.linesFilePrefix(), console::info);
        notifySystemd(supervisor, scheduler, console, launcher);
        // Daemons that left their parent's group were reparented to us; they stop with us, before the
        // final summary line.
        // Liveness attempts run on virtual threads; one sampler measures every memory limit.
        supervisor.checkHealthWith(new LivenessProber(launcher), new GroupMemory());
        supervisor.beforeSummary((atOnce, hurry) -> custody.stopAdopted(atOnce ? Custody.KILL_AT_ONCE : 5000, hurry, console::info));
        ChildProcesses.onJobControl((pid, stopped, signal) -> supervisor.post(new Event.JobControl(pid, stopped, signal)));
        // Caught from here on, before the MQTT fabric's join (which may wait seconds for the broker's
        // answer about our instance): a SIGTERM meanwhile waits in the loop's queue and stops the run
        // cleanly once the loop runs, where the JVM's default would have ended us with 143.
        SignalTrap.install(supervisor::post, places::any, places::reopen);
        // The socket listens before the first process starts (requests wait in the loop's queue until it runs).
        // watch_config and the processes' "watch" reload and restart through what reload and restart use.
        var live = new LiveWatches(options, supervisor, console);
        // A reloaded config's on_failure hooks apply at once; the file watches follow it.
        ControlServer.Reloader reloader = () -> ControlStep.reload(options, config, places, (loaded, planned) -> {
            crashes.adopt(loaded);
            live.loaded(loaded, planned);
        });
        Optional<ControlServer> control;
        try {
            control = ControlStep.open(options, supervisor, logs, console, reloader, crashes);
        } catch (ControlServer.Refused e) {
            console.error(e.getMessage() + "; nothing was started");
            launcher.close();
            custody.close();
            return ExitCodes.FAILURE;
        }
        Optional<Fabric> fabric;
        try {
            fabric = joinFabric(options, config, plan, supervisor, console);
        } catch (MqttFabric.Refused e) {
            console.error(e.getMessage() + "; nothing was started");
            control.ifPresent(c -> c.close(ExitCodes.FAILURE));
            launcher.close();
            custody.close();
            return ExitCodes.FAILURE;
        }
        fabric.ifPresent(f -> crashes.onReport(f.crashes()));
        StartupTrace.mark("supervisor, control socket, fabric");
        live.start(config, plan.processes(), reloader);
        MessageStep.subscribe(plan, board, console);
        if (config.processes().isEmpty()) {
            // Valid, as today's commonplace writes it: the loop waits for a reload or Ctrl+C. Said once the
            // control socket listens, so that a reload sent on reading it finds us (it found no socket before).
            console.info(options.config + " has no processes yet; waiting for a reload (or Ctrl+C to stop)");
        }
        int code = supervisor.run();
        live.close();
        board.close();
        // The last crashes are published and their hooks run before the connection goes.
        crashes.finish(CRASH_HOOKS_AT_END_MS, console::info);
        // Every process's last state, then offline, before anything else goes.
        fabric.ifPresent(f -> f.close(5000));
        launcher.close();
        // The socket goes before the lock: the next orchestrator of this config may bind it as soon as it has the lock.
        int exitCode = code;
        control.ifPresent(c -> c.close(exitCode));
        custody.close();
        return code;
    }

    /**
     * With a broker named (the config's {@code mqtt_broker}, {@code --mqtt-broker}, or the embedded one): publishes the
     * state, follows remote dependencies and, when enabled, obeys commands, on a thread of its own.
     */
    private static Optional<Fabric> joinFabric(RunOptions options, OrchestratorConfig config, RunPlan plan,
                                               Supervisor supervisor, Console console) throws MqttFabric.Refused {
        if (!config.brokerDeclared() && options.mqttBroker == null && !plan.embeddedBroker()) {
            return Optional.empty();
        }
        var remote = new java.util.TreeSet<String>();
        plan.processes().forEach(p -> p.dependsOn().stream().filter(RemoteDependency::isRemote).forEach(remote::add));
        return MqttFabric.join(config.fabric(), config.source(), plan.broker(), remote, supervisor, console::error);
    }

    /** Under systemd ({@code Type=notify}): tells it when we are ready, how we are, and that the loop turns. */
    private static void notifySystemd(Supervisor supervisor, Scheduler scheduler, Console console, Launcher launcher) {
        Map<String, String> env = System.getenv();
        SystemdNotifier.fromEnvironment(env, console::error).ifPresent(notifier -> {
            supervisor.addListener(notifier);
            SystemdNotifier.watchdogIntervalMs(env, ProcessHandle.current().pid())
                    .ifPresent(ms -> notifier.startWatchdog(ms, scheduler, supervisor::post, launcher::ioLoopTurned, console::error));
        });
    }

    private static LogFiles.Spec spec(LogSettings.FileSpec f) {
        return new LogFiles.Spec(f.path(), f.maxBytes(), f.maxFiles(), f.maxAgeDays(), f.compress());
    }
}
