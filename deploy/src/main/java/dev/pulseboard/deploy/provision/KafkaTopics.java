package dev.pulseboard.deploy.provision;

import dev.pulseboard.contract.wire.TopicSpec;
import dev.pulseboard.contract.wire.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

/** The data plane's topics exactly as {@link Topics} specifies them, and a broker health check. */
final class KafkaTopics {
    private static final long TIMEOUT_S = 30;

    private KafkaTopics() {}

    /**
     * Creates every missing topic of {@link Topics#all}; an existing topic must carry the settings the design depends
     * on (a metrics-raw created with CreateTime would silently break the pipeline's lateness rule, ADR 005). Prints
     * {@code topics: <name>, ...} (all of them, in the contract's order) for the start script's log.
     */
    static void create(String bootstrap, int partitions) {
        try (Admin admin = admin(bootstrap)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            List<TopicSpec> present = new ArrayList<>();
            for (TopicSpec spec : Topics.all(partitions)) {
                if (existing.contains(spec.name())) {
                    present.add(spec);
                } else {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs()));
                }
            }
            admin.createTopics(missing).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            verify(admin, present);
            System.out.println("topics: "
                    + String.join(
                            ", ",
                            Topics.all(partitions).stream().map(TopicSpec::name).toList()));
        } catch (ExecutionException | TimeoutException e) {
            throw new ProvisionException("creating topics at " + bootstrap, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisionException("interrupted");
        }
    }

    private static void verify(Admin admin, Collection<TopicSpec> specs)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (specs.isEmpty()) {
            return;
        }
        List<ConfigResource> resources = specs.stream()
                .map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name()))
                .toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        for (TopicSpec spec : specs) {
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            for (Map.Entry<String, String> want : spec.configs().entrySet()) {
                ConfigEntry entry = actual.get(want.getKey());
                String value = entry == null ? null : entry.value();
                if (!want.getValue().equals(value)) {
                    throw new ProvisionException("topic " + spec.name() + " has " + want.getKey() + "=" + value
                            + ", the pipeline needs " + want.getValue() + " (delete the topic or the state dir)");
                }
            }
        }
    }

    static void health(String bootstrap) {
        try (Admin admin = admin(bootstrap)) {
            admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ProvisionException("no broker answers at " + bootstrap, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisionException("interrupted");
        }
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(p);
    }
}
