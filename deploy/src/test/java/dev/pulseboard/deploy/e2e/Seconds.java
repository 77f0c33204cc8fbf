package dev.pulseboard.deploy.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

final class Seconds {
    private Seconds() {}

    /**
     * Epoch ms of the start of the current second, waiting first until we are early in a second, so samples at
     * +100..+400 ms are all in that second and reach the pipeline well before its window closes.
     */
    static long startOfFreshSecond() {
        long now = await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(5))
                .until(System::currentTimeMillis, t -> t % 1000 <= 300);
        return now - now % 1000;
    }
}
