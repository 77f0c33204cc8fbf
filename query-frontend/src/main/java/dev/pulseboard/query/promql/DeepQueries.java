package dev.pulseboard.query.promql;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Where a query is parsed and walked: ANTLR's parser and our tree walks recurse once per nesting level, so a query
 * nested a few thousand levels deep (legal PromQL, which Prometheus evaluates) would overflow a worker thread's stack,
 * or not, depending on how far the JIT has compiled the parser. A query nested more than {@value #ON_CALLER} levels
 * (a cheap scan of its brackets) is therefore parsed and walked on a thread of its own with a
 * {@value #STACK_MIB} MiB stack (reserved, committed only as used), at most {@value #AT_ONCE} at a time. More than
 * {@value #MAX_NESTING} levels is refused before parsing ("query is nested too deeply"; the default query length of
 * 16384 characters allows at most 8191), so the answer never depends on a thread's stack.
 */
final class DeepQueries {
    static final int ON_CALLER = 200;
    static final int MAX_NESTING = 10_000;
    static final int STACK_MIB = 256;
    static final int AT_ONCE = 2;
    private static final Semaphore SLOTS = new Semaphore(AT_ONCE);

    private DeepQueries() {}

    /** {@code work} on this thread for an ordinary query, on a thread with a deep stack for a deeply nested one. */
    static <T> T run(String text, Supplier<T> work) {
        int nesting = nesting(text);
        if (nesting <= ON_CALLER) {
            return work.get();
        }
        if (nesting > MAX_NESTING) {
            throw new PromQLSyntaxException(
                    1, 1, "query is nested too deeply (" + nesting + " levels; at most " + MAX_NESTING + ")");
        }
        try {
            if (!SLOTS.tryAcquire(5, TimeUnit.SECONDS)) {
                throw new PromQLSyntaxException(1, 1, "query is nested too deeply");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PromQLSyntaxException(1, 1, "query is nested too deeply");
        }
        try {
            AtomicReference<T> result = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread thread = new Thread(
                    null,
                    () -> {
                        try {
                            result.set(work.get());
                        } catch (RuntimeException | Error e) {
                            failure.set(e);
                        }
                    },
                    "promql-deep-query",
                    (long) STACK_MIB << 20);
            thread.start();
            thread.join();
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PromQLSyntaxException(1, 1, "query is nested too deeply");
        } finally {
            SLOTS.release();
        }
    }

    /** The deepest nesting of (), [] and {} outside string literals (quotes "…", '…' with escapes, `…` without). */
    static int nesting(String text) {
        int depth = 0;
        int max = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
        return max;
    }
}
