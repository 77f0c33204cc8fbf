package dev.pulseboard.query.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DeepQueriesTest {
    private final TenantQueryRewriter rewriter = new TenantQueryRewriter();

    @Test
    void nestingCountsBracketsOutsideStrings() {
        assertThat(DeepQueries.nesting("sum(rate(x{a=\"((((\"}[5m]))")).isEqualTo(3);
        assertThat(DeepQueries.nesting("x{a='\\'(('}")).isEqualTo(1);
        assertThat(DeepQueries.nesting("x{a=`\\`}")).isEqualTo(1);
        assertThat(DeepQueries.nesting("(".repeat(5) + "x" + ")".repeat(5))).isEqualTo(5);
    }

    /**
     * A query nested 5000 deep is scoped the same whatever stack the calling thread has: here a thread of 256 KiB,
     * smaller than any worker's, which the parser alone would overflow.
     */
    @Test
    void aDeeplyNestedQueryIsScopedEvenFromAThreadWithASmallStack() throws InterruptedException {
        String deep = "(".repeat(5000) + "up" + ")".repeat(5000);
        AtomicReference<RewriteResult> result = new AtomicReference<>();
        Thread small = new Thread(null, () -> result.set(rewriter.rewriteQuery(deep, "acme")), "small", 256 << 10);
        small.start();
        small.join();
        assertThat(result.get()).isInstanceOf(RewriteResult.Rewritten.class);
        assertThat(((RewriteResult.Rewritten) result.get()).query())
                .isEqualTo("(".repeat(5000) + "up{tenant=\"acme\"}" + ")".repeat(5000));
    }
}
