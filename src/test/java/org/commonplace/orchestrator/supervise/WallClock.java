package org.commonplace.orchestrator.supervise;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A wall clock that moves with a {@link FakeClock}: it reads {@code origin} plus the time the fake has been advanced. */
final class WallClock extends Clock {
    private final FakeClock ticks;
    private final long startMs;
    private final Instant origin;

    WallClock(FakeClock ticks, Instant origin) {
        this.ticks = ticks;
        this.startMs = ticks.millis();
        this.origin = origin;
    }

    @Override
    public Instant instant() {
        return origin.plusMillis(ticks.millis() - startMs);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the schedules read instants only");
    }
}
