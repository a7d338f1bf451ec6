package org.commonplace.orchestrator.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code System.out} and {@code System.err} caught for each test of a class that runs a command
 * in-process ({@code Main.execute}), and given back after it:
 * {@code @RegisterExtension final StandardStreams std = new StandardStreams();}
 */
public final class StandardStreams implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @Override
    public void beforeEach(ExtensionContext context) {
        savedOut = System.out;
        savedErr = System.err;
        out.reset();
        err.reset();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    /** Forgets what the test has printed on stderr so far (before the next command of the same test). */
    public void resetErr() {
        err.reset();
    }

    /** {@return what the test has printed on stdout so far} */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** {@return what the test has printed on stderr so far} */
    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
