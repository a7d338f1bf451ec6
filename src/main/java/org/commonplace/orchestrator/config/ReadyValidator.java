package org.commonplace.orchestrator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.commonplace.orchestrator.json.JsonTrees;

/**
 * Checks a process's {@code ready} block: exactly one check kind, its value, and the interval and
 * timeout. Split from {@link ProcessValidator} because the six kinds each have their own rules.
 */
final class ReadyValidator {
    static final List<String> FIELDS = List.of("tcp", "http", "exec", "log", "mqtt", "mqtt_message", "exit", "interval_ms",
            "timeout_ms");
    private static final String KINDS = "\"tcp\", \"http\", \"exec\", \"log\", \"mqtt\", \"mqtt_message\" or \"exit\"";

    private final Problems problems;
    private final FieldReader read;

    ReadyValidator(Problems problems) {
        this.problems = problems;
        this.read = new FieldReader(problems);
    }

    /**
     * {@return the ready block with defaults applied; empty when absent or wrong (errors recorded)}
     *
     * @param replicas the process's replica count; {@link ProcessSpec#NOT_REPLICATED}: {@code ${REPLICA}} stays as written
     */
    Optional<ReadySpec> validate(String path, JsonNode node, int replicas) {
        Optional<ObjectNode> found = read.object(path, node, "an object with one check: " + KINDS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode ready = found.get();
        read.unknownFields(path, ready, FIELDS);
        long intervalMs = read.positiveMilliseconds(path + ".interval_ms", ready.get("interval_ms"))
                .orElse(ReadySpec.DEFAULT_INTERVAL_MS);
        OptionalLong timeoutMs = read.positiveMilliseconds(path + ".timeout_ms", ready.get("timeout_ms"));
        List<String> kinds = ReadyCheck.KINDS.stream().filter(ready::has).toList();
        if (kinds.size() != 1) {
            problems.error(path, "expected exactly one check, " + KINDS + ", got "
                    + (kinds.isEmpty() ? "none" : String.join(" and ", kinds)));
            return Optional.empty();
        }
        String kind = kinds.getFirst();
        Optional<ReplicaCheck> perReplica = perReplica(kind, ready.get(kind), replicas);
        Optional<ReadyCheck> check = perReplica.isPresent() ? eachReplica(path + "." + kind, perReplica.get(), replicas)
                : check(path + "." + kind, kind, ready.get(kind));
        // A one-shot job may take as long as it takes (a migration of a big database): no timeout
        // unless one is given. Every other check has tried in vain by 60 s.
        long defaultTimeout = kind.equals("exit") ? ReadySpec.NO_TIMEOUT : ReadySpec.DEFAULT_TIMEOUT_MS;
        return check.map(c -> new ReadySpec(c, intervalMs, timeoutMs.orElse(defaultTimeout), perReplica));
    }

    /** {@return the check as written when it names {@code ${REPLICA}} and the process has replicas to number it} */
    static Optional<ReplicaCheck> perReplica(String kind, JsonNode value, int replicas) {
        return replicas == ProcessSpec.NOT_REPLICATED ? Optional.empty() : ReplicaCheck.of(kind, value);
    }

    /**
     * {@return replica 1's check, once each configured replica's has been read}: a number can make a
     * check none ({@code "6553${REPLICA}"} is port 65536 for replica 6), which is said here, not at run time
     */
    Optional<ReadyCheck> eachReplica(String kindPath, ReplicaCheck written, int replicas) {
        ReadyCheck first = null;
        for (int k = 1; k <= replicas; k++) {
            try {
                ReadyCheck check = written.forReplica(k);
                first = first == null ? check : first;
            } catch (IllegalArgumentException e) {
                problems.error(kindPath, "for replica " + k + " (" + ReplicaCheck.PLACEHOLDER + " = " + k + "): " + e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.ofNullable(first);
    }

    /** {@return the check of kind {@code kind} (one of {@link ReadyCheck#KINDS}); empty when wrong (errors recorded)} */
    Optional<ReadyCheck> check(String kindPath, String kind, JsonNode value) {
        return switch (kind) {
            case "tcp" -> tcp(kindPath, value);
            case "http" -> http(kindPath, value);
            case "exec" -> exec(kindPath, value);
            case "log" -> log(kindPath, value);
            case "mqtt" -> mqtt(kindPath, value);
            case "mqtt_message" -> new MessageCheckValidator(problems).check(kindPath, value);
            case "exit" -> exit(kindPath, value);
            default -> throw new IllegalStateException("unhandled ready kind " + kind);
        };
    }

    /**
     * An {@code exit} check means "done once it has exited": a process that is always restarted never
     * is, so it needs restart policy {@code never} or {@code on_failure}.
     */
    void checkExitPolicy(String path, Optional<ReadySpec> ready, JsonNode policyNode) {
        if (ready.isEmpty() || !(ready.get().check() instanceof ReadyCheck.Exit exit)) {
            return;
        }
        String got;
        if (policyNode.isMissingNode()) {
            got = "\"always\" (the default)";
        } else if (policyNode.isTextual() && policyNode.asText().equals(RestartPolicy.ALWAYS.word())) {
            got = "\"always\"";
        } else {
            return; // never, on_failure, or a wrong policy that is reported as such
        }
        problems.error(path + ".exit", "\"exit\": " + (exit.code() == ReadyCheck.Exit.ANY ? "\"any\"" : exit.code()) + " needs restart policy \"never\" or \"on_failure\""
                + " (a process that is always restarted never finishes), got " + got);
    }

    private Optional<ReadyCheck> exit(String path, JsonNode node) {
        if (node.isTextual() && node.textValue().equals("any")) {
            return Optional.of(new ReadyCheck.Exit(ReadyCheck.Exit.ANY));
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0 || node.intValue() > 255) {
            problems.error(path, "expected an exit code, a whole number 0..255, or \"any\", got " + JsonTrees.text(node));
            return Optional.empty();
        }
        return Optional.of(new ReadyCheck.Exit(node.intValue()));
    }

    private Optional<ReadyCheck> tcp(String path, JsonNode node) {
        return read.string(path, node).flatMap(text -> {
            try {
                BrokerAddress address = BrokerAddress.parseWithPort(text);
                return Optional.of(new ReadyCheck.Tcp(address.host(), address.port()));
            } catch (IllegalArgumentException e) {
                problems.error(path, "\"" + text + "\" is not a TCP address: " + e.getMessage() + "; use host:port");
                return Optional.empty();
            }
        });
    }

    private Optional<ReadyCheck> http(String path, JsonNode node) {
        return read.string(path, node).flatMap(text -> {
            URI url;
            try {
                url = new URI(text);
            } catch (URISyntaxException e) {
                problems.error(path, "\"" + text + "\" is not a URL: " + e.getReason() + " at index " + e.getIndex());
                return Optional.empty();
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problems.error(path, "\"" + text + "\" is not an http:// or https:// URL");
                return Optional.empty();
            }
            if (url.getHost() == null || url.getHost().isEmpty()) {
                problems.error(path, "\"" + text + "\" has no host; use http://host:port/path");
                return Optional.empty();
            }
            return Optional.of(new ReadyCheck.Http(url));
        });
    }

    private Optional<ReadyCheck> exec(String path, JsonNode node) {
        Optional<List<String>> argv = read.strings(path, node);
        if (argv.isEmpty()) {
            return Optional.empty();
        }
        if (argv.get().isEmpty()) {
            problems.error(path, "expected [\"command\", \"arg\", ...], got an empty array []");
            return Optional.empty();
        }
        boolean ok = true;
        for (int i = 0; i < argv.get().size(); i++) {
            if (argv.get().get(i).isEmpty()) {
                problems.error(JsonPaths.index(path, i), i == 0 ? "must name a program, got \"\""
                        : "must not be an empty string");
                ok = false;
            }
            ok &= read.withoutNul(JsonPaths.index(path, i), argv.get().get(i));
        }
        return ok ? Optional.of(new ReadyCheck.Exec(argv.get())) : Optional.empty();
    }

    private Optional<ReadyCheck> log(String path, JsonNode node) {
        return read.string(path, node).flatMap(text -> {
            try {
                return Optional.of(new ReadyCheck.Log(Pattern.compile(text)));
            } catch (PatternSyntaxException e) {
                String at = e.getIndex() >= 0 ? " at index " + e.getIndex() : "";
                problems.error(path, "\"" + text + "\" is not a valid regular expression: " + e.getDescription() + at);
                return Optional.empty();
            }
        });
    }

    private Optional<ReadyCheck> mqtt(String path, JsonNode node) {
        return read.string(path, node).flatMap(text -> {
            try {
                return Optional.of(new ReadyCheck.Mqtt(BrokerAddress.parse(text)));
            } catch (IllegalArgumentException e) {
                problems.error(path, "\"" + text + "\" is not a broker address: " + e.getMessage()
                        + "; use host:port, host, mqtt://host:port or tcp://host:port");
                return Optional.empty();
            }
        });
    }
}
