package org.commonplace.orchestrator.config;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How to tell that a process is ready: one of the seven kinds a {@code ready} block can name. The
 * values are validated; a check only says what to try, the probe package tries it (the output path
 * tries {@code log}; the supervisor itself sees {@code exit}).
 */
public sealed interface ReadyCheck {
    /** The words a {@code ready} block may use for its check, in the order the docs list them. */
    List<String> KINDS = List.of("tcp", "http", "exec", "log", "mqtt", "mqtt_message", "exit");

    /** {@return the check for humans, as the terminal and {@code check} show it: "tcp 127.0.0.1:8765"} */
    String describe();

    /**
     * Ready when a TCP connection to the address is accepted.
     *
     * @param host a host name or address, without brackets; resolved only when probed
     * @param port 1..65535
     */
    record Tcp(String host, int port) implements ReadyCheck {
        @Override
        public String describe() {
            return "tcp " + new BrokerAddress(host, port);
        }
    }

    /**
     * Ready when a GET of the URL answers 2xx.
     *
     * @param url an absolute http or https URL with a host
     */
    record Http(URI url) implements ReadyCheck {
        @Override
        public String describe() {
            return "http " + url;
        }
    }

    /**
     * Ready when the command exits 0; it runs with the process's cwd and env.
     *
     * @param argv the program and its arguments, none empty, at least the program
     */
    record Exec(List<String> argv) implements ReadyCheck {
        public Exec {
            argv = List.copyOf(argv);
        }

        @Override
        public String describe() {
            return "exec " + String.join(" ", argv.stream().map(Exec::quoteIfNeeded).toList());
        }

        private static String quoteIfNeeded(String word) {
            if (word.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '"')) {
                return word;
            }
            return "'" + word.replace("'", "'\\''") + "'";
        }
    }

    /**
     * Ready when a line of the process's own output (stdout or stderr) matches; found by the
     * output path, not by a probe.
     *
     * @param regex matched against each line with {@code find}, so it need not match the whole line
     */
    record Log(Pattern regex) implements ReadyCheck {
        @Override
        public String describe() {
            return "log /" + regex.pattern() + "/";
        }

        // Pattern has identity equality; two configs with the same regex must compare equal.
        @Override
        public boolean equals(Object other) {
            return other instanceof Log log && log.regex.pattern().equals(regex.pattern())
                    && log.regex.flags() == regex.flags();
        }

        @Override
        public int hashCode() {
            return regex.pattern().hashCode();
        }
    }

    /**
     * Ready when an MQTT broker at the address answers a CONNECT with an accepting CONNACK.
     *
     * @param address where the broker listens
     */
    record Mqtt(BrokerAddress address) implements ReadyCheck {
        @Override
        public String describe() {
            return "mqtt " + address;
        }
    }

    /**
     * Ready when a message arrives on the orchestrator's broker, on {@code topic} (a filter: {@code +}
     * and {@code #} allowed), published after the process started, and (when given) with a payload
     * that {@code payload} finds. Retained messages count only if published after the start: one the
     * broker hands over when we subscribe (its retain flag set) may be older, so it is ignored; the
     * subscription is made before the process starts, so what it publishes arrives live.
     *
     * @param topic   the topic filter, 1..{@link #MAX_TOPIC_CHARS} characters, wildcards as MQTT allows them
     * @param payload found ({@code find}) in the payload decoded as UTF-8; empty: any payload
     */
    record MqttMessage(String topic, java.util.Optional<Pattern> payload) implements ReadyCheck {
        /** The longest topic filter accepted. */
        public static final int MAX_TOPIC_CHARS = 1024;

        @Override
        public String describe() {
            return "mqtt_message " + topic + payload.map(p -> " /" + p.pattern() + "/").orElse("");
        }

        // Pattern has identity equality; two configs with the same regex must compare equal.
        @Override
        public boolean equals(Object other) {
            return other instanceof MqttMessage m && m.topic.equals(topic)
                    && m.payload.map(Pattern::pattern).equals(payload.map(Pattern::pattern));
        }

        @Override
        public int hashCode() {
            return topic.hashCode();
        }
    }

    /**
     * Ready once the process has exited with this code: a one-shot job (a migration) whose dependents
     * start only when it has done its work. Valid only with restart policy {@code never} or
     * {@code on_failure}, as a process that is always restarted never finishes.
     *
     * @param code 0..255, or {@link #ANY} ({@code "exit": "any"}: a job whose end, not its code, is what
     *             its dependents wait for)
     */
    record Exit(int code) implements ReadyCheck {
        /** Any exit code ends the job (a death by signal does not). */
        public static final int ANY = -1;

        /** {@return whether exiting with {@code exitCode} is this job's end} */
        public boolean matches(int exitCode) {
            return code == ANY || code == exitCode;
        }

        @Override
        public String describe() {
            return code == ANY ? "exit with any code" : "exit code " + code;
        }
    }
}
