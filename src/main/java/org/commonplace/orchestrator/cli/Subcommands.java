package org.commonplace.orchestrator.cli;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The subcommands of the root command, added to it only when the command line names them. picocli
 * builds a command's model by reflection over its annotations, which made building all eleven the
 * largest part of {@code --version} and of a {@code ps} round trip; a command line reaches one
 * subcommand at most, and one it does not name cannot match. (The client commands' models are built
 * in code, {@link ControlCommand}; the others' still come from annotations.) Help, which lists them all, and a
 * command line picocli rejects (whose message may suggest a subcommand) get every one of them.
 */
final class Subcommands {
    /**
     * A subcommand: the names it answers to (its name first, then its aliases) and how to make it:
     * an annotated command object, or a {@link ControlCommand}'s model.
     */
    private record Entry(List<String> names, Supplier<Object> command) {
    }

    /** In the order help lists them. */
    private static final List<Entry> ALL = List.of(
            new Entry(List.of("run"), RunCommand::new),
            new Entry(List.of("check"), CheckCommand::new),
            new Entry(List.of("ps", "status"), () -> new PsCommand().spec()),
            new Entry(List.of("start"), () -> new StartCommand().spec()),
            new Entry(List.of("stop"), () -> new StopCommand().spec()),
            new Entry(List.of("restart"), () -> new RestartCommand().spec()),
            new Entry(List.of("signal"), () -> new SignalCommand().spec()),
            new Entry(List.of("wait"), () -> new WaitCommand().spec()),
            new Entry(List.of("logs"), () -> new LogsCommand().spec()),
            new Entry(List.of("top"), () -> new TopCommand().spec()),
            new Entry(List.of("reload"), () -> new ReloadCommand().spec()),
            new Entry(List.of("scale"), () -> new ScaleCommand().spec()),
            new Entry(List.of("shutdown"), () -> new ShutdownCommand().spec()),
            new Entry(List.of("export"), ExportCommand::new),
            new Entry(List.of("watch"), WatchCommand::new));

    /**
     * The commands that only talk to a running orchestrator over its control socket (no MQTT, nothing
     * started here), and the version: the client calls of issue 29, which the launchers start with
     * the client commands' AOT cache (bin/lib/client-commands.sh names the same words).
     */
    private static final Set<String> CLIENT = Set.of("ps", "status", "start", "stop", "restart", "signal", "wait",
            "reload", "scale", "shutdown", "--version", "-V");
    private static final Set<String> HELP = Set.of("-h", "--help");
    private static final Set<String> VERSION = Set.of("-V", "--version");

    private Subcommands() {
    }

    /** {@return the root command with every subcommand} */
    static CommandLine every() {
        return add(new CommandLine(new RootCommand()), null);
    }

    /**
     * {@return the root command with the subcommands {@code args} name, or every one when it asks for
     * help}; a bare root (without run's options) where {@code args} start with a subcommand's name
     */
    static CommandLine namedIn(String... args) {
        List<String> words = List.of(args);
        if (words.stream().anyMatch(HELP::contains)) {
            return every();
        }
        boolean subcommandFirst = !words.isEmpty() && ALL.stream().anyMatch(e -> e.names().contains(words.getFirst()));
        return add(subcommandFirst ? new CommandLine(RootCommand.Bare.spec()) : new CommandLine(new RootCommand()), words);
    }

    /**
     * {@return whether {@code args} will most likely run processes}: they name no subcommand but
     * {@code run} and ask for neither help nor the version. A guess, made before picocli parses them,
     * for work worth starting early; a process named like a subcommand ({@code --only ps}) makes it
     * guess wrong, which only costs that head start.
     */
    static boolean likelyRun(String... args) {
        List<String> words = List.of(args);
        // --detach runs nothing here: it starts another orchestrator and waits for it.
        return words.stream().noneMatch(w -> HELP.contains(w) || VERSION.contains(w) || w.equals("--detach"))
                && ALL.stream().filter(e -> !e.names().contains("run")).noneMatch(e -> e.names().stream().anyMatch(words::contains));
    }

    /** {@return whether {@code args} are a client call}: their first word is one of {@link #CLIENT}. */
    static boolean clientCall(String... args) {
        return args.length > 0 && CLIENT.contains(args[0]);
    }

    /** Adds the subcommands {@code words} name, every one where {@code words} is null. */
    private static CommandLine add(CommandLine root, List<String> words) {
        for (Entry e : ALL) {
            if (words == null || e.names().stream().anyMatch(words::contains)) {
                root.addSubcommand(e.names().getFirst(), e.command().get()); // its aliases come from its model
            }
        }
        return root;
    }
}
