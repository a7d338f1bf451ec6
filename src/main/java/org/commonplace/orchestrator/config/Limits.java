package org.commonplace.orchestrator.config;

/**
 * Sizes no real config comes near, past which a file is rejected with one clear error instead of
 * exhausting the stack or the heap (the launcher runs the JVM with a 256 KB stack and a 128 MB
 * heap). A real config is a few kilobytes, nests five levels deep (top, processes, a process, ready,
 * exec) and has tens of processes with tens of arguments; each limit is far above that.
 * docs/config.md lists them under "Limits".
 */
final class Limits {
    /** 1 MiB: the whole file is read into memory, and every value's position is kept. */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** Arrays and objects inside one another; the parser (and ours) recurses per level. */
    static final int MAX_NESTING_DEPTH = 20;
    /**
     * Strings, numbers, arrays and objects in the whole file: each is kept with its position, so this
     * bounds the memory a file can take. 1000 processes with ten arguments each need about 20 000.
     * (10,000 processes of a command and an argument each need about 40 000.)
     */
    static final int MAX_VALUES = 100_000;
    /**
     * Issue 14 measures 2,000 children (figure I); each child holds three descriptors (two pipes and
     * a pidfd), so 10,000 also stays inside a usual hard limit of open files.
     */
    static final int MAX_PROCESSES = 10_000;
    /** Per process; also the most entries of a {@code ready.exec} or a {@code depends_on}. */
    static final int MAX_ARGS = 1000;
    /** Per process. */
    static final int MAX_ENV = 1000;
    /** 24 h, the most any delay or timeout may be: more is a typo, and could overflow sums of times. */
    static final long MAX_MS = 24L * 60 * 60 * 1000;

    /** {@code restart.max_restarts}: a million restarts in a row is no limit anyone means. */
    static final long MAX_RESTARTS = 1_000_000;
    /** {@code liveness.failure_threshold}. */
    static final long MAX_FAILURE_THRESHOLD = 1000;
    /** {@code max_memory_mb}: 1 TiB (1048576 MiB), more than a machine this runs on has. */
    static final long MAX_MEMORY_MB = 1L << 20;

    /**
     * Files an {@code include} may bring in, all patterns together: each is read whole (up to
     * {@link #MAX_FILE_BYTES}) and watched by {@code watch_config}. Processes stay bounded by
     * {@link #MAX_PROCESSES} over all files.
     */
    static final int MAX_INCLUDED_FILES = 256;
    /**
     * All included files together, in bytes: each file may be 1 MiB, but their trees stay in memory
     * at once, within the launcher's 128 MB heap.
     */
    static final int MAX_INCLUDED_BYTES = 4 << 20;
    /** {@code env_file} entries per place (the top level, each process). */
    static final int MAX_ENV_FILES = 32;
    /** Different env files in one config: each is kept read while the config loads. */
    static final int MAX_DISTINCT_ENV_FILES = 64;
    /** One env file (a real one is a few hundred bytes). 64 of them stay well inside the heap. */
    static final int MAX_ENV_FILE_BYTES = 256 << 10;
    /** Folders an {@code include} glob may walk while looking for matches: a deep tree is refused, not walked. */
    static final int MAX_INCLUDE_WALK = 10_000;

    private Limits() {
    }

    /** {@return "1048576 bytes (1 MiB)"-like wording for the file limit} */
    static String fileLimit() {
        return MAX_FILE_BYTES + " bytes (1 MiB)";
    }
}
