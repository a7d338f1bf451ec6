package org.commonplace.orchestrator.cli;

import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.commonplace.orchestrator.output.ControlChars;

/**
 * What libraries log through java.util.logging (Eclipse Paho does, through its JSR47Logger) is said
 * as one line of ours, or not at all: the JDK's default handler would print two raw lines of its own
 * ({@code Dec 07, 2026 ... ClientState checkForActivity} / {@code SEVERE: ...}) in the middle of our
 * output, with whatever characters the message held. Moquette and Netty log through SLF4J, bound to
 * slf4j-nop (pom.xml): they say nothing, and their failures reach us as exceptions.
 *
 * <p>Only warnings and worse pass. Paho's keep-alive timeout ("Timed out as no activity", and its
 * "no write activity" twin) and its sender's and receiver's I/O failures ({@code exception} with a
 * broken pipe) are dropped: the connection's loss that follows is reported by whoever holds it
 * ({@code watch}: "lost the MQTT broker", the fabric, the probes), in their words.
 */
public final class LibraryLogging {
    private static final String PAHO = "org.eclipse.paho.";
    private static volatile Consumer<String> voice = LibraryLogging::toStderr;

    private LibraryLogging() {
    }

    /**
     * Takes java.util.logging over, once it starts (most commands never start it, and pay nothing):
     * the JDK then configures it with {@link Config} instead of its logging.properties, so our one
     * handler replaces its console handler. Called first thing, before any library runs.
     */
    static void install() {
        System.setProperty("java.util.logging.config.class", CONFIG);
    }

    private static final String CONFIG = "org.commonplace.orchestrator.cli.LibraryLogging$Config";

    /** The configuration java.util.logging instantiates (by name, as its documentation says) when it starts. */
    public static final class Config {
        public Config() throws java.io.IOException {
            // WARNING: Paho's fine-grained tracing is not even formatted.
            String settings = "handlers=" + OneLine.class.getName() + "\n.level=WARNING\n";
            LogManager.getLogManager().readConfiguration(
                    new java.io.ByteArrayInputStream(settings.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        }
    }

    /** From now on a library's line is said by {@code say} (the run's console), which prefixes and escapes it. */
    static void sayThrough(Consumer<String> say) {
        voice = say;
    }

    private static void toStderr(String message) {
        System.err.println("[orchestrator] " + ControlChars.escape(message));
    }

    /** {@return the line to say for {@code record}, or null when it is not said} */
    static String line(LogRecord record) {
        String source = record.getLoggerName() == null ? "a library" : record.getLoggerName();
        String message = new SimpleFormatter().formatMessage(record);
        if (source.startsWith(PAHO) && (message != null && message.contains("Timed out as no ") || isConnectionIo(source))) {
            return null;
        }
        String what = (source.startsWith(PAHO) ? "MQTT client (Paho)" : source) + ": "
                + record.getLevel().getName().toLowerCase(java.util.Locale.ROOT) + ": " + message;
        Throwable thrown = record.getThrown();
        return thrown == null ? what : what + " (" + thrown + ")";
    }

    /** {@return whether the logger is Paho's sender or receiver, whose failures end the connection: its loss is said by its holder} */
    private static boolean isConnectionIo(String source) {
        return source.endsWith(".CommsSender") || source.endsWith(".CommsReceiver");
    }

    /** The one handler: public, since java.util.logging makes it by its name. */
    public static final class OneLine extends Handler {
        @Override
        public void publish(LogRecord record) {
            if (record == null || !isLoggable(record)) {
                return;
            }
            String line = line(record);
            if (line != null) {
                voice.accept(ControlChars.escape(line));
            }
        }

        @Override
        public void flush() {
            System.err.flush();
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
