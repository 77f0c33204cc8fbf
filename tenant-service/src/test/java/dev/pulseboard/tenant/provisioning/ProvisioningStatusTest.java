package dev.pulseboard.tenant.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulseboard.contract.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a run leaves in provisioning_status, and what GET /api/provisioning answers from it. */
class ProvisioningStatusTest {
    private static final TenantId ACME = new TenantId("acme");
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);

    @Test
    void onlyAChangeMovesUpdatedAtFailuresCountUpAndReadyResetsThem() {
        TargetStatus first = TargetStatus.after(null, ACME, Target.GRAFANA, Outcome.failed("Grafana unreachable"), T0);
        assertThat(first.state()).isEqualTo(ProvisioningState.FAILED);
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.updatedAt()).isEqualTo(T0);

        TargetStatus again = TargetStatus.after(first, ACME, Target.GRAFANA, Outcome.failed("Grafana unreachable"), T1);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.updatedAt()).as("same failure").isEqualTo(T0);
        assertThat(again.checkedAt()).isEqualTo(T1);

        TargetStatus ready = TargetStatus.after(again, ACME, Target.GRAFANA, Outcome.ready("organisation acme"), T2);
        assertThat(ready.state()).isEqualTo(ProvisioningState.READY);
        assertThat(ready.attempts()).isZero();
        assertThat(ready.updatedAt()).isEqualTo(T2);

        assertThat(TargetStatus.after(
                        ready, ACME, Target.GRAFANA, Outcome.ready("organisation acme"), T2.plusSeconds(5)))
                .isEqualTo(new TargetStatus(
                        ACME, Target.GRAFANA, ProvisioningState.READY, "organisation acme", 0, T2, T2.plusSeconds(5)));
        assertThatThrownBy(() -> TargetStatus.after(ready, ACME, Target.GRAFANA, Outcome.removed("gone"), T2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDetailIsBoundedAndStripped() {
        assertThat(Outcome.failed("  x  ").detail()).isEqualTo("x");
        assertThat(Outcome.failed("y".repeat(2000)).detail()).hasSize(Outcome.MAX_DETAIL);
        assertThat(Outcome.ready(null).detail()).isEmpty();
    }

    @Test
    void theViewNamesEveryTargetNotConfiguredPendingOrItsRow() {
        TargetStatus grafana =
                new TargetStatus(ACME, Target.GRAFANA, ProvisioningState.FAILED, "Grafana unreachable", 3, T0, T1);

        ProvisioningView onlyGrafana = ProvisioningView.of(ACME, List.of(grafana), t -> t == Target.GRAFANA);
        assertThat(onlyGrafana.tenant()).isEqualTo("acme");
        assertThat(onlyGrafana.targets())
                .containsExactly(
                        new ProvisioningView.TargetView(
                                "grafana", ProvisioningState.FAILED, "Grafana unreachable", 3, T0, T1),
                        new ProvisioningView.TargetView(
                                "thanos", ProvisioningState.NOT_CONFIGURED, "not configured", null, null, null));

        ProvisioningView both = ProvisioningView.of(ACME, List.of(), t -> true);
        assertThat(both.targets())
                .extracting(ProvisioningView.TargetView::state)
                .containsExactly(ProvisioningState.PENDING, ProvisioningState.PENDING);
    }

    @Test
    void aRunWithoutTargetsReadsNothing() {
        ProvisioningReconciler idle = new ProvisioningReconciler(
                () -> {
                    throw new AssertionError("the desired state is not read without targets");
                },
                new InMemoryStatus(),
                List.of(),
                java.time.Clock.systemUTC());
        assertThat(idle.run()).isEmpty();
    }
}
