package dev.pulseboard.pipeline.store.remotewrite;

/** Told, in the writer's mailbox thread, how far a store writer has written; closed with the writer. */
interface WrittenThrough extends AutoCloseable {
    /** Nobody listens (a sink without a progress topic, and tests that do not look). */
    WrittenThrough NONE = new WrittenThrough() {
        @Override
        public void advanced(long writtenThroughMs) {}

        @Override
        public void close() {}
    };

    /**
     * Every sample stamped at or before {@code writtenThroughMs} is now in the store (or refused and counted). The
     * writer may tell the same time again.
     */
    void advanced(long writtenThroughMs);

    @Override
    void close();
}
