package org.commonplace.orchestrator.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Range;

/**
 * A command that only talks to a running orchestrator over its control socket ({@code ps},
 * {@code start}, {@code logs}...), with its picocli model built in code rather than read from
 * annotations. Reading annotations makes the JDK generate a proxy class per annotation type and
 * reflective accessors per field, none of which an AOT cache keeps: about 30 ms of a {@code ps}
 * round trip of 120 (docs/BENCHMARKS.md, issue 29). The model built here is picocli's own (the same
 * parser, help, man page and errors); only the way of declaring it differs. What each command
 * declares are fields of {@link OptionSpec} and {@link PositionalParamSpec}, read in {@link #call()}
 * after picocli has parsed the command line.
 */
abstract class ControlCommand implements Callable<Integer> {
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
    /** How this command finds the orchestrator: {@code --config} or {@code --socket}. */
    final ClientOptions client = new ClientOptions();

    /** A command named {@code name}; {@code description} is its help's paragraphs. */
    ControlCommand(String name, String... description) {
        spec.name(name);
        spec.usageMessage().description(description);
        addStandardHelp(spec);
        client.addTo(spec);
    }

    /** {@return this command's model, for picocli to parse into and run} */
    final CommandSpec spec() {
        return spec;
    }

    /**
     * Adds {@code -h}/{@code --help} and {@code -V}/{@code --version} as picocli's
     * {@code mixinStandardHelpOptions} would, without the annotated mixin it reads for them.
     */
    static void addStandardHelp(CommandSpec spec) {
        spec.versionProvider(new VersionProvider());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
    }

    /** Adds an option without a value ({@code --json}), named {@code names}; {@link #isSet} reads it. */
    final OptionSpec flag(String description, String... names) {
        return option(OptionSpec.builder(names).type(boolean.class).initialValue(false).description(description));
    }

    /** Adds an option with one value of {@code type}, labelled {@code label} in help; null when not given. */
    final OptionSpec option(String label, Class<?> type, String description, String... names) {
        return option(OptionSpec.builder(names).paramLabel(label).type(type).description(description));
    }

    /** Adds the option {@code builder} describes (for what the two above do not say, such as a default value). */
    final OptionSpec option(OptionSpec.Builder builder) {
        OptionSpec option = builder.build();
        spec.addOption(option);
        return option;
    }

    /** Adds positional words: {@code arity} as picocli writes it ({@code "1..*"}), read by {@link #words}. */
    final PositionalParamSpec words(String label, String arity, String description) {
        PositionalParamSpec words = PositionalParamSpec.builder().index("0..*").paramLabel(label).arity(arity)
                .required(required(arity)).type(List.class).auxiliaryTypes(String.class).description(description).build();
        spec.addPositional(words);
        return words;
    }

    /** Adds the positional word at {@code index}, converted to {@code type}: required, or optional with {@code arity} "0..1". */
    final PositionalParamSpec word(String index, String label, String arity, Class<?> type, String description) {
        PositionalParamSpec word = PositionalParamSpec.builder().index(index).paramLabel(label).arity(arity)
                .required(required(arity)).type(type).description(description).build();
        spec.addPositional(word);
        return word;
    }

    /**
     * {@return whether words of {@code arity} must be given}: what picocli derives from an annotated
     * field's arity, and leaves unset (optional) in a model built in code.
     */
    private static boolean required(String arity) {
        return Range.valueOf(arity).min() > 0;
    }

    /** {@return whether {@code flag} was given} */
    static boolean isSet(OptionSpec flag) {
        return Boolean.TRUE.equals(flag.getValue());
    }

    /** {@return the words given for {@code words}; empty when none} */
    static List<String> words(PositionalParamSpec words) {
        List<String> given = words.getValue();
        return given == null ? List.of() : given;
    }

    /** {@return the socket to reach, or null after saying on stderr why none can be found} */
    final Path socketOrSay() {
        return client.socketOrSay(System.err);
    }
}
