package dev.pulseboard.deploy.e2e;

final class Seconds {
    private Seconds() {}

    /**
     * Epoch ms of the start of the current second, waiting first until we are early in a second, so samples at
     * +100..+400 ms are all in that second and reach the pipeline well before its window closes.
     */
    static long startOfFreshSecond() throws InterruptedException {
        long now = System.currentTimeMillis();
        if (now % 1000 > 300) {
            Thread.sleep(1000 - now % 1000 + 20);
            now = System.currentTimeMillis();
        }
        return now - now % 1000;
    }
}
