package dev.pulseboard.deploy.provision;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The local stack's provisioning steps, called by {@code ./pulseboard} with the same code the services and the tests
 * use (topic settings from the contract's {@code Topics}, limits through {@code TenantLimitsPublisher}, JSON through
 * Jackson). Exit status 0 on success, 1 with one line on stderr otherwise, 2 on a usage error.
 *
 * <pre>
 * topics       BOOTSTRAP [PARTITIONS]                 create the data plane's topics, verify existing ones
 * kafka-health BOOTSTRAP                              the broker answers (describeCluster within 5 s)
 * realm        KEYCLOAK_URL REALM                     the realm is served with the issuer the services expect
 * signup       TENANT_SERVICE_URL TENANT EMAIL KEY_FILE [ORGANIZATION]   create a tenant and its owner through the
 *                                                     operator API (token from PB_INTERNAL_TOKEN, password from
 *                                                     PB_DEMO_PASSWORD); its ingest key goes to KEY_FILE (mode 600)
 * mail         MAIL_API_URL ADDRESS                   print the mails the local mail sink holds for ADDRESS
 * limits       BOOTSTRAP * [field=value ...]          replace the platform's default limits (none: back to built-in)
 * tenant-limits TENANT_SERVICE_URL TENANT [plan=NAME] [field=value ...]   a tenant's plan and overrides through the
 *                                                     tenant-service's operator API (token from PB_INTERNAL_TOKEN)
 * grant-key    BOOTSTRAP TENANT KEY_FILE              a new ingest key for TENANT straight on the ingest-keys topic,
 *                                                     as tenant-service would grant it (gateway benchmarks without
 *                                                     the control plane); the key goes to KEY_FILE (mode 600)
 * </pre>
 */
public final class Provision {
    private Provision() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            usage();
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "topics" -> KafkaTopics.create(arg(rest, 0), rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 4);
                case "kafka-health" -> KafkaTopics.health(arg(rest, 0));
                case "realm" -> RealmCheck.check(arg(rest, 0), arg(rest, 1));
                case "signup" ->
                    DemoSignup.signUp(
                            arg(rest, 0),
                            System.getenv("PB_INTERNAL_TOKEN"),
                            arg(rest, 1),
                            arg(rest, 2),
                            System.getenv("PB_DEMO_PASSWORD"),
                            Path.of(arg(rest, 3)),
                            rest.size() > 4 ? rest.get(4) : "Demo Corp");
                case "limits" -> LimitsCommand.publish(arg(rest, 0), arg(rest, 1), rest.subList(2, rest.size()));
                case "tenant-limits" ->
                    LimitsCommand.put(
                            arg(rest, 0),
                            System.getenv("PB_INTERNAL_TOKEN"),
                            arg(rest, 1),
                            rest.subList(2, rest.size()));
                case "mail" -> MailSink.print(arg(rest, 0), arg(rest, 1));
                case "grant-key" -> GrantKeyCommand.grant(arg(rest, 0), arg(rest, 1), Path.of(arg(rest, 2)));
                default -> usage();
            }
        } catch (ProvisionException | IllegalArgumentException e) {
            System.err.println(args[0] + ": " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    private static String arg(List<String> args, int i) {
        if (i >= args.size()) {
            usage();
        }
        return args.get(i);
    }

    private static void usage() {
        System.err.println(
                "usage: Provision topics|kafka-health|realm|signup|mail|limits|tenant-limits|grant-key ... (see the class comment)");
        System.exit(2);
    }
}
