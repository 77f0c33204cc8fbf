package dev.pulseboard.tenant.provisioning;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.config.TenantServiceConfig.Provisioning;
import dev.pulseboard.tenant.provisioning.grafana.GrafanaClient;
import dev.pulseboard.tenant.provisioning.grafana.GrafanaSettings;
import dev.pulseboard.tenant.provisioning.grafana.GrafanaTarget;
import dev.pulseboard.tenant.provisioning.grafana.ReferenceDashboards;
import dev.pulseboard.tenant.provisioning.thanos.ThanosSettings;
import dev.pulseboard.tenant.provisioning.thanos.ThanosTarget;
import dev.pulseboard.tenant.provisioning.thanos.ThanosTenantLimits;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The configured targets, built once from {@code pulseboard.tenant.provisioning.*}. */
@ApplicationScoped
public class ProvisioningTargets {
    private static final Logger LOG = Logger.getLogger(ProvisioningTargets.class);

    private final List<ProvisioningTarget> targets;

    ProvisioningTargets(
            TenantServiceConfig config, IngestReadKeys keys, ProvisioningStatusRepository ledger, ObjectMapper json) {
        List<ProvisioningTarget> configured = new ArrayList<>();
        Provisioning provisioning = config.provisioning();
        provisioning.grafana().url().ifPresent(url -> configured.add(grafana(config, url, keys, ledger, json)));
        provisioning.thanos().hashringFile().ifPresent(file -> configured.add(thanos(provisioning.thanos())));
        this.targets = List.copyOf(configured);
        LOG.infof(
                "provisioning targets: %s",
                targets.isEmpty()
                        ? "none configured"
                        : String.join(
                                ", ", targets.stream().map(t -> t.target().id()).toList()));
    }

    public List<ProvisioningTarget> all() {
        return targets;
    }

    public boolean configured(Target target) {
        return targets.stream().anyMatch(t -> t.target() == target);
    }

    private static ProvisioningTarget grafana(
            TenantServiceConfig config,
            URI url,
            IngestReadKeys keys,
            ProvisioningStatusRepository ledger,
            ObjectMapper json) {
        Provisioning.Grafana grafana = config.provisioning().grafana();
        Optional<String> password = grafana.adminPassword();
        if (password.isEmpty()) {
            return misconfigured(Target.GRAFANA, "grafana.admin-password is not set");
        }
        URI queryUrl =
                grafana.queryUrl().orElse(URI.create(config.publicEndpoints().queryUrl()));
        try {
            GrafanaSettings settings =
                    new GrafanaSettings(url, grafana.adminUser(), password.get(), queryUrl, grafana.timeout());
            return new GrafanaTarget(
                    new GrafanaClient(settings, json),
                    settings,
                    keys,
                    ledger,
                    ReferenceDashboards.fromClasspath(json),
                    json);
        } catch (RuntimeException e) {
            return misconfigured(Target.GRAFANA, e.getMessage());
        }
    }

    private static ProvisioningTarget thanos(Provisioning.Thanos thanos) {
        Provisioning.Thanos.Limits defaults = thanos.defaultLimits();
        try {
            ThanosTenantLimits limits = new ThanosTenantLimits(
                    defaults.requestSizeBytes().asLongValue(),
                    defaults.requestSeries(),
                    defaults.requestSamples(),
                    defaults.headSeries());
            ThanosSettings settings = new ThanosSettings(
                    thanos.hashringFile().orElseThrow(),
                    thanos.limitsFile(),
                    thanos.endpoints().orElse(List.of()));
            return new ThanosTarget(settings, tenant -> limits);
        } catch (RuntimeException e) {
            return misconfigured(Target.THANOS, e.getMessage());
        }
    }

    private static ProvisioningTarget misconfigured(Target target, String reason) {
        LOG.errorf("provisioning target %s is misconfigured and will fail every run: %s", target.id(), reason);
        return new MisconfiguredTarget(target, reason);
    }
}
