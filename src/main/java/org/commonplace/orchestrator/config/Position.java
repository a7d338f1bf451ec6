package org.commonplace.orchestrator.config;

/** A 1-based line and column in the config file; {@link #UNKNOWN} is 0:0. */
record Position(int line, int column) {
    static final Position UNKNOWN = new Position(0, 0);
}
