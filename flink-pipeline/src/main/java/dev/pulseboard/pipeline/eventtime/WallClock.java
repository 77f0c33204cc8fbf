package dev.pulseboard.pipeline.eventtime;

import java.io.Serializable;

/** Wall-clock time in epoch milliseconds; serialisable so operators can carry it, replaceable in tests. */
@FunctionalInterface
public interface WallClock extends Serializable {
    long nowMs();

    static WallClock system() {
        return System::currentTimeMillis;
    }
}
