package org.commonplace.orchestrator.output;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that the {@link LineSplitter}s of one run may hold at once in lines not finished yet.
 * A line waits in its splitter until its newline comes, up to {@link LineSplitter#MAX_PIECE} bytes
 * a stream: 2,000 children that each print 64 KiB without a newline, on both streams, would hold
 * 256 MiB, twice the heap the launcher gives us. Each splitter keeps a small carry of its own
 * ({@link #FREE} bytes) without asking; beyond that it takes from this budget, and a splitter that
 * cannot take writes what it holds as a piece of the line at once (the rest follows as a
 * continuation piece, as for a line longer than a piece): output is cut earlier, never lost, and
 * never costs more than the budget plus the small carries.
 *
 * <p>Thread-safe: the I/O loop's and the pumps' threads share it.
 */
public final class CarryBudget {
    /** What a run's splitters may hold together beyond their small carries; documented in the README. */
    public static final long RUN_BUDGET = 16L * 1024 * 1024;
    /** A carry this small is the splitter's own, never counted: a stream's usual tail between two reads. */
    static final int FREE = 256;

    private final long limit;
    private final AtomicLong taken = new AtomicLong();

    public CarryBudget(long limit) {
        this.limit = limit;
    }

    /** A budget that never refuses (a single splitter, in tests and tools). */
    public static CarryBudget unlimited() {
        return new CarryBudget(Long.MAX_VALUE);
    }

    /** {@return whether {@code bytes} more could be taken; when true they are} */
    boolean take(long bytes) {
        long now;
        do {
            now = taken.get();
            if (now + bytes > limit) {
                return false;
            }
        } while (!taken.compareAndSet(now, now + bytes));
        return true;
    }

    /** Gives back bytes taken before. */
    void give(long bytes) {
        taken.addAndGet(-bytes);
    }

    /** {@return the bytes taken now} */
    public long taken() {
        return taken.get();
    }
}
