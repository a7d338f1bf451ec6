package org.commonplace.orchestrator.crash;

import java.util.List;

/** The recent output of each process, as kept for {@code logs} (cli hands in the log book). */
public interface RecentLines {
    /** {@return a mark of what has been recorded so far; cheap, called on the supervisor's thread} */
    long mark();

    /** {@return the last {@code n} lines of {@code name} recorded up to {@code mark}, oldest first, without their prefix} */
    List<String> last(String name, int n, long mark);
}
