package dev.pulseboard.tenant.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulseboard.contract.limits.Limits;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.contract.validation.Rejection;
import dev.pulseboard.contract.validation.SampleValidator;
import dev.pulseboard.contract.webhook.WebhookMapper;
import dev.pulseboard.contract.webhook.WebhookMapping;
import dev.pulseboard.contract.webhook.WebhookScheme;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.store.WebhookRuleEntity;
import dev.pulseboard.tenant.store.WebhookRuleRepository;
import dev.pulseboard.tenant.webhooks.WebhookViews.CreatedRule;
import dev.pulseboard.tenant.webhooks.WebhookViews.RuleRequest;
import dev.pulseboard.tenant.webhooks.WebhookViews.RuleView;
import dev.pulseboard.tenant.webhooks.WebhookViews.TestResult;
import dev.pulseboard.tenant.webhooks.WebhookViews.TestSample;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tenant's webhook rules (docs/ingest.md, "Webhooks"). Every lookup by id is scoped to the caller's tenant (another
 * tenant's rule is 404). A rule is written to the webhook-rules topic, and acknowledged, before its row commits, so a
 * URL is never handed out that a gateway cannot learn; a deletion is written after its row commits and
 * {@link dev.pulseboard.tenant.keys.ControlTopicOutbox} writes again what Kafka did not acknowledge. The secret is shown
 * once, in the answer to the create.
 */
@ApplicationScoped
public class WebhookRuleService {
    /** Rules per tenant. */
    static final int MAX_RULES = 50;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookRuleRepository rules;
    private final WebhookRulePublisher publisher;
    private final String ingestUrl;

    WebhookRuleService(WebhookRuleRepository rules, WebhookRulePublisher publisher, TenantServiceConfig config) {
        this.rules = rules;
        this.publisher = publisher;
        this.ingestUrl = config.publicEndpoints().ingestUrl();
    }

    @Transactional
    public List<RuleView> list(TenantId tenant) {
        return rules.listForTenant(tenant.value()).stream().map(this::view).toList();
    }

    @Transactional
    public RuleView get(TenantId tenant, String id) {
        return view(find(tenant, id));
    }

    @Transactional
    public CreatedRule create(TenantId tenant, RuleRequest request) {
        if (request == null) {
            throw invalid("a body {name, scheme, mapping[, secret]} is required");
        }
        if (rules.listForTenant(tenant.value()).size() >= MAX_RULES) {
            throw invalid("an organization has at most " + MAX_RULES + " webhook rules");
        }
        WebhookScheme scheme = WebhookScheme.byId(request.scheme());
        if (scheme == null) {
            throw invalid("scheme must be github, stripe or standard-webhooks");
        }
        WebhookRuleEntity rule = new WebhookRuleEntity();
        rule.id = "wh_" + HexFormat.of().formatHex(random(10));
        rule.tenantId = tenant.value();
        rule.name = name(request.name());
        rule.scheme = scheme.id();
        rule.secret = request.secret() == null
                ? "whsec_" + Base64.getEncoder().encodeToString(random(24))
                : secret(request.secret(), scheme);
        rule.mapping = mapping(request.mapping());
        rule.createdAt = now();
        rule.updatedAt = rule.createdAt;
        publisher.put(rule); // before the commit: a 503 here rolls everything back
        rule.publishedAt = now();
        rules.persist(rule);
        return new CreatedRule(view(rule), rule.secret);
    }

    /** Changes the name and the mapping; the scheme and secret stay (delete and create a rule to change those). */
    @Transactional
    public RuleView update(TenantId tenant, String id, RuleRequest request) {
        WebhookRuleEntity rule = find(tenant, id);
        if (request == null) {
            throw invalid("a body {name, mapping} is required");
        }
        rule.name = request.name() == null ? rule.name : name(request.name());
        rule.mapping = request.mapping() == null ? rule.mapping : mapping(request.mapping());
        rule.updatedAt = now();
        publisher.put(rule);
        rule.publishedAt = now();
        return view(rule);
    }

    /** Commits the deletion; the caller then calls {@link #confirmDeletion} (outside this transaction). */
    @Transactional
    public void delete(TenantId tenant, String id) {
        WebhookRuleEntity rule = find(tenant, id);
        rule.deletedAt = now();
        rule.publishedAt = null;
    }

    /** Writes the committed deletion to the gateways; 503 when Kafka did not acknowledge (the outbox keeps trying). */
    @Transactional
    public void confirmDeletion(TenantId tenant, String id) {
        rules.find("tenantId = ?1 and id = ?2 and deletedAt is not null and publishedAt is null", tenant.value(), id)
                .firstResultOptional()
                .ifPresent(rule -> {
                    publisher.delete(rule);
                    rule.publishedAt = now();
                });
    }

    /** Writes every rule and deletion Kafka has not acknowledged yet; returns how many. Used by the outbox. */
    @Transactional
    public int publishPending() {
        int published = 0;
        for (WebhookRuleEntity rule : rules.listUnpublished()) {
            if (rule.deletedAt == null) {
                publisher.put(rule);
            } else {
                publisher.delete(rule);
            }
            rule.publishedAt = now();
            published++;
        }
        return published;
    }

    /**
     * What {@code payload} would become at the rule's URL: the samples with the refusal the gateway's validator would
     * give each (under the platform's default limits), the samples the mapping could not make, and the items skipped.
     */
    @Transactional
    public TestResult test(TenantId tenant, String id, String payload) {
        WebhookRuleEntity rule = find(tenant, id);
        long now = System.currentTimeMillis();
        WebhookMapper.Result result;
        try {
            result = WebhookMapper.map(WebhookMapping.parse(rule.mapping), payload == null ? "" : payload, now);
        } catch (WebhookMapper.InvalidPayload e) {
            throw invalid(e.getMessage());
        }
        List<TestSample> samples = new ArrayList<>();
        for (Sample s : result.samples()) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (Label l : s.getLabelsList()) {
                labels.put(l.getName(), l.getValue());
            }
            Rejection rejection = SampleValidator.validate(s, Limits.DEFAULTS, now);
            samples.add(new TestSample(
                    s.getName(),
                    s.getType().name().toLowerCase(Locale.ROOT),
                    labels,
                    s.getValue(),
                    s.getTimestampMs(),
                    rejection == null ? null : rejection.id() + ": " + rejection.message()));
        }
        return new TestResult(samples, result.errors(), result.skipped());
    }

    private WebhookRuleEntity find(TenantId tenant, String id) {
        return rules.findForTenant(tenant.value(), id)
                .orElseThrow(() -> new ProblemException(
                        TenantError.WEBHOOK_RULE_NOT_FOUND,
                        "No webhook rule " + (id.length() > 40 ? id.substring(0, 40) : id) + " in your organization."));
    }

    private RuleView view(WebhookRuleEntity rule) {
        try {
            return new RuleView(
                    rule.id,
                    rule.name,
                    rule.scheme,
                    ingestUrl + "/webhooks/" + rule.id,
                    JSON.readTree(rule.mapping),
                    rule.createdAt,
                    rule.updatedAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored mapping is not JSON: " + rule.id, e);
        }
    }

    private static String name(String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw invalid("name must be 1 to 100 characters");
        }
        return name.strip();
    }

    private static String secret(String secret, WebhookScheme scheme) {
        if (secret.length() < 8 || secret.length() > 200) {
            throw invalid("secret must be 8 to 200 characters");
        }
        if (scheme == WebhookScheme.STANDARD_WEBHOOKS) {
            try {
                Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
            } catch (IllegalArgumentException e) {
                throw invalid("a standard-webhooks secret is whsec_ followed by base64");
            }
        }
        return secret;
    }

    private static String mapping(JsonNode mapping) {
        if (mapping == null || !mapping.isObject()) {
            throw invalid("mapping must be a JSON object (docs/ingest.md, \"Webhooks\")");
        }
        String json = mapping.toString();
        try {
            WebhookMapping.parse(json);
        } catch (WebhookMapping.InvalidMapping e) {
            throw invalid("mapping: " + e.getMessage());
        }
        return json;
    }

    private static ProblemException invalid(String message) {
        return new ProblemException(TenantError.WEBHOOK_RULE_INVALID, message);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    // PostgreSQL keeps microseconds; truncating here makes the value we return equal the value we store.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
