package dev.pulseboard.tenant.webhooks;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.audit.AuditLog;
import dev.pulseboard.tenant.identity.Role;
import dev.pulseboard.tenant.session.CurrentUser;
import dev.pulseboard.tenant.webhooks.WebhookViews.CreatedRule;
import dev.pulseboard.tenant.webhooks.WebhookViews.RuleRequest;
import dev.pulseboard.tenant.webhooks.WebhookViews.RuleView;
import dev.pulseboard.tenant.webhooks.WebhookViews.TestResult;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The logged-in tenant's webhook rules: each a URL on the ingest gateway, a secret the provider signs with, and a
 * mapping from the provider's JSON to samples (docs/ingest.md, "Webhooks"). A foreign or unknown id is 404.
 */
@Path("/api/webhooks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class WebhookRuleResource {
    private final WebhookRuleService rules;
    private final CurrentUser user;
    private final AuditLog audit;

    WebhookRuleResource(WebhookRuleService rules, CurrentUser user, AuditLog audit) {
        this.rules = rules;
        this.user = user;
        this.audit = audit;
    }

    @GET
    public List<RuleView> list() {
        return rules.list(user.require(Role.ADMIN));
    }

    /** 201 with the secret: the only time it is shown. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(RuleRequest request) {
        TenantId tenant = user.require(Role.ADMIN);
        CreatedRule created = rules.create(tenant, request);
        audit.record(
                tenant,
                user.actor(),
                AuditLog.Action.WEBHOOK_CREATED,
                created.rule().id(),
                created.rule().name());
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Path("{id}")
    public RuleView get(@PathParam("id") String id) {
        return rules.get(user.require(Role.ADMIN), id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public RuleView update(@PathParam("id") String id, RuleRequest request) {
        TenantId tenant = user.require(Role.ADMIN);
        RuleView updated = rules.update(tenant, id, request);
        audit.record(tenant, user.actor(), AuditLog.Action.WEBHOOK_UPDATED, updated.id(), updated.name());
        return updated;
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        TenantId tenant = user.require(Role.ADMIN);
        rules.delete(tenant, id);
        rules.confirmDeletion(tenant, id); // 503 until the gateways will refuse its URL
        audit.record(tenant, user.actor(), AuditLog.Action.WEBHOOK_DELETED, id, null);
        return Response.noContent().build();
    }

    /** What a recorded payload (the request body, as the provider would send it) would become at this rule's URL. */
    @POST
    @Path("{id}/test")
    @Consumes(MediaType.APPLICATION_JSON)
    public TestResult test(@PathParam("id") String id, String payload) {
        return rules.test(user.require(Role.ADMIN), id, payload);
    }
}
