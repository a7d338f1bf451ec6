package org.commonplace.orchestrator.fleet;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.commonplace.orchestrator.output.ControlChars;
import org.commonplace.orchestrator.policy.Ticker;

/**
 * Live mode on a terminal: the whole picture redrawn in place, under a line that names the broker
 * and says whether it is connected. Changes are drawn at most {@link #REDRAW_MS} apart (a retained
 * burst is one draw); the picture is also redrawn every second, so "3s ago" keeps counting. Lines
 * are overwritten and erased to their end rather than the screen cleared, so it does not flicker.
 * The cursor is hidden while it runs and shown again by {@link #close}.
 */
final class TerminalView implements FleetClient.Listener, AutoCloseable {
    static final long REDRAW_MS = 100;
    private static final long TICK_MS = 1000;
    private static final String HOME = "\033[H";
    private static final String ERASE_LINE = "\033[K";
    private static final String ERASE_BELOW = "\033[J";
    private static final String HIDE_CURSOR = "\033[?25l";
    private static final String SHOW_CURSOR = "\033[?25h";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Fleet fleet;
    private final String broker;
    private final String where;
    private final PrintStream out;
    private final RedrawPacer pacer = new RedrawPacer(Ticker.system(), REDRAW_MS);
    private final ScheduledExecutorService drawer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("watch-draw").factory());
    private volatile String connection = "connected";
    private volatile boolean started;

    TerminalView(Fleet fleet, String broker, String where, PrintStream out) {
        this.fleet = fleet;
        this.broker = broker;
        this.where = where;
        this.out = out;
    }

    /** Takes the screen: called once connected, so a broker that does not answer leaves the terminal as it was. */
    void start() {
        synchronized (out) {
            out.print(HIDE_CURSOR + "\033[2J");
        }
        started = true;
        drawer.scheduleWithFixedDelay(this::draw, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void message(String topic, byte[] payload) {
        if (fleet.accept(topic, payload).isPresent()) {
            changed();
        }
    }

    @Override
    public void skipped(long bytes) {
        fleet.tooLarge();
        changed();
    }

    @Override
    public void lost(String reason) {
        connection = "lost at " + now() + " (" + ControlChars.escape(reason) + "), reconnecting";
        changed();
    }

    @Override
    public void back() {
        connection = "connected again at " + now();
        changed();
    }

    private void changed() {
        if (!started) {
            return; // the first draw, at start, shows it
        }
        long delay = pacer.changed();
        if (delay >= 0) {
            try {
                drawer.schedule(this::draw, delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: the last picture is already on the screen
            }
        }
    }

    private void draw() {
        pacer.drawing();
        var screen = new StringBuilder(HOME);
        // ASCII only: under a POSIX locale anything else prints as '?'.
        screen.append("watch ").append(broker).append("  ").append(connection).append("  ").append(now())
                .append("  Ctrl+C quits").append(ERASE_LINE).append('\n').append(ERASE_LINE).append('\n');
        for (String line : FleetTable.lines(fleet.picture(), Instant.now(), where, true)) {
            screen.append(line).append(ERASE_LINE).append('\n');
        }
        screen.append(ERASE_BELOW);
        synchronized (out) {
            out.print(screen);
            out.flush();
        }
    }

    private static String now() {
        return LocalTime.now(ZoneId.systemDefault()).format(CLOCK);
    }

    /** Stops drawing and gives the terminal its cursor back, below the last picture. */
    @Override
    public void close() {
        drawer.shutdownNow();
        try {
            drawer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (started) {
            synchronized (out) {
                out.print(SHOW_CURSOR);
                out.flush();
            }
        }
    }
}
