package dev.pulseboard.tenant.members;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulseboard.tenant.identity.KeycloakDirectory;
import dev.pulseboard.tenant.testing.Database;
import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.Members;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Invitations, roles, leaving, switching organisations and the audit log, against real Keycloak and PostgreSQL. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class MembershipIT {
    @Inject
    Database database;

    @Inject
    KeycloakDirectory directory;

    @Test
    void anInvitationMakesAMemberOnceForItsEmailOnlyAndThenIsUsed() {
        String owner = TestUsers.accessToken(TestUsers.signUp("inv-co").email());
        String token = Members.invite(owner, "inv-co", "Editor@Inv-Co.test", "editor");

        JsonPath lookup = post(null, "/api/invitations/lookup", Map.of("token", token), 200);
        assertThat(lookup.getString("tenant")).isEqualTo("inv-co");
        assertThat(lookup.getString("organization")).isEqualTo("Org inv-co");
        assertThat(lookup.getString("role")).isEqualTo("editor");
        assertThat(lookup.getString("email")).isEqualTo("editor@inv-co.test");

        // Someone else, logged in, cannot use it.
        String stranger = TestUsers.accessToken(TestUsers.signUp("inv-stranger").email());
        assertProblem(
                post(stranger, "/api/invitations/accept", Map.of("token", token)),
                403,
                "err-pb-invitation-email-mismatch");

        JsonPath joined = Members.register(token);
        assertThat(joined.getString("tenant")).isEqualTo("inv-co");
        assertThat(joined.getString("role")).isEqualTo("editor");
        String editor = TestUsers.accessToken("editor@inv-co.test");
        JsonPath me = given().auth()
                .oauth2(editor)
                .get("/api/me")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(me.getString("tenant")).isEqualTo("inv-co");
        assertThat(me.getString("role")).isEqualTo("editor");

        // Used: neither the link's owner nor anyone else can use it again; nor is it pending any more.
        assertProblem(
                post(editor, "/api/invitations/accept", Map.of("token", token)), 410, "err-pb-invitation-expired");
        assertProblem(post(null, "/api/invitations/lookup", Map.of("token", token)), 410, "err-pb-invitation-expired");
        assertThat(given().auth()
                        .oauth2(owner)
                        .get("/api/invitations")
                        .jsonPath()
                        .getList("email"))
                .doesNotContain("editor@inv-co.test");
        assertProblem(
                post(null, "/api/invitations/lookup", Map.of("token", token + "x")),
                404,
                "err-pb-invitation-not-found");
    }

    @Test
    void aRevokedInvitationIsUnknownAndAnExpiredOneIsGone() {
        String owner = TestUsers.accessToken(TestUsers.signUp("inv-revoke").email());
        String revoked = Members.invite(owner, "inv-revoke", "r@inv-revoke.test", "viewer");
        String id =
                given().auth().oauth2(owner).get("/api/invitations").jsonPath().getString("[0].id");
        given().auth().oauth2(owner).delete("/api/invitations/" + id).then().statusCode(204);
        assertProblem(
                post(null, "/api/invitations/register", registration(revoked)), 404, "err-pb-invitation-not-found");

        String expired = Members.invite(owner, "inv-revoke", "e@inv-revoke.test", "viewer");
        assertThat(database.expireInvitationsOf("inv-revoke")).isEqualTo(2);
        assertProblem(post(null, "/api/invitations/register", registration(expired)), 410, "err-pb-invitation-expired");
        assertThat(directory.emailTaken("e@inv-revoke.test"))
                .as("no account made")
                .isFalse();
    }

    @Test
    void anExistingUserAcceptsWhileLoggedInAndThenSwitchesBetweenOrganizations() {
        TestUsers.SignedUp first = TestUsers.signUp("switch-one");
        String user = TestUsers.accessToken(first.email());
        String other = TestUsers.accessToken(TestUsers.signUp("switch-two").email());
        String token = Members.invite(other, "switch-two", first.email(), "viewer");
        JsonPath joined = post(user, "/api/invitations/accept", Map.of("token", token), 200);
        assertThat(joined.getString("tenant")).isEqualTo("switch-two");

        JsonPath me = given().auth()
                .oauth2(user)
                .get("/api/me")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(me.getString("tenant")).as("several and none chosen").isNull();
        assertThat(me.getList("organizations.tenant")).containsExactly("switch-one", "switch-two");
        assertThat(me.getList("organizations.role")).containsExactly("owner", "viewer");

        // Without a choice nothing is acted on; with one, that organisation in the user's role there.
        assertProblem(given().auth().oauth2(user).get("/api/dashboards"), 400, "err-pb-organization-required");
        assertThat(given().auth()
                        .oauth2(user)
                        .header(Members.HEADER, "switch-one")
                        .get("/api/keys")
                        .jsonPath()
                        .getList("prefix"))
                .containsExactly(first.keyPrefix());
        assertProblem(
                given().auth().oauth2(user).header(Members.HEADER, "switch-two").get("/api/keys"),
                403,
                "err-pb-role-required");
        JsonPath inTwo = given().auth()
                .oauth2(user)
                .header(Members.HEADER, "switch-two")
                .get("/api/me")
                .jsonPath();
        assertThat(inTwo.getString("tenant")).isEqualTo("switch-two");
        assertThat(inTwo.getString("role")).isEqualTo("viewer");
        // A tenant the token's user is not in, whether it exists or not, is the same 404.
        for (String tenant : List.of("inv-co", "no-such-tenant", "Not A Tenant")) {
            assertProblem(
                    given().auth().oauth2(user).header(Members.HEADER, tenant).get("/api/dashboards"),
                    404,
                    "err-pb-organization-not-found");
        }
    }

    @Test
    void theLastOwnerCannotLeaveAndRolesChangeOnlyAsTheRulesSay() {
        TwoMembers org = TwoMembers.of("owners-co", "admin@owners-co.test", "admin");
        String owner = org.first();
        String admin = org.second();
        String ownerId = org.firstId();
        String adminId = org.secondId();

        assertProblem(given().auth().oauth2(owner).delete("/api/members/" + ownerId), 409, "err-pb-last-owner");
        assertProblem(put(owner, "/api/members/" + ownerId, "admin"), 409, "err-pb-last-owner");
        assertProblem(put(admin, "/api/members/" + adminId, "owner"), 403, "err-pb-role-required");
        assertProblem(given().auth().oauth2(admin).delete("/api/members/" + ownerId), 403, "err-pb-role-required");
        assertProblem(put(owner, "/api/members/" + adminId, "chief"), 400, "err-pb-role-invalid");
        assertProblem(put(owner, "/api/members/not-a-member", "viewer"), 404, "err-pb-member-not-found");

        put(owner, "/api/members/" + adminId, "owner").then().statusCode(200);
        // Now there is another owner: the first may leave, and is then out of the organisation at once.
        given().auth().oauth2(owner).delete("/api/members/" + ownerId).then().statusCode(204);
        assertProblem(given().auth().oauth2(owner).get("/api/dashboards"), 403, "err-pb-no-organization");
        assertThat(memberIds(admin)).containsOnlyKeys("admin@owners-co.test");
    }

    /**
     * Two owners demoting each other at the same moment: the changes are serialised per organisation and judged on
     * the roles as they are then, so exactly one succeeds and the organisation keeps an owner, round after round.
     */
    @Test
    void twoOwnersDemotingEachOtherAtOnceLeaveExactlyOneOwner() {
        TwoMembers org = TwoMembers.of("race-co", "second@race-co.test", "owner");
        String first = org.first();
        String second = org.second();
        String firstId = org.firstId();
        String secondId = org.secondId();
        for (int round = 0; round < 4; round++) {
            CompletableFuture<Integer> demoteSecond = CompletableFuture.supplyAsync(
                    () -> put(first, "/api/members/" + secondId, "admin").statusCode());
            CompletableFuture<Integer> demoteFirst = CompletableFuture.supplyAsync(
                    () -> put(second, "/api/members/" + firstId, "admin").statusCode());
            List<Integer> statuses = List.of(demoteSecond.join(), demoteFirst.join());
            List<String> owners = ownerIds(first);
            assertThat(owners).as("round %d: %s", round, statuses).hasSize(1);
            assertThat(statuses).as("round %d", round).containsOnlyOnce(200);
            // the remaining owner makes the other an owner again
            String remaining = owners.get(0).equals(firstId) ? first : second;
            put(remaining, "/api/members/" + (owners.get(0).equals(firstId) ? secondId : firstId), "owner")
                    .then()
                    .statusCode(200);
        }
    }

    /** A new organisation: the owner who signed it up and one more member; their tokens and member ids. */
    private record TwoMembers(String first, String second, String firstId, String secondId) {
        static TwoMembers of(String tenant, String secondEmail, String secondRole) {
            TestUsers.SignedUp signedUp = TestUsers.signUp(tenant);
            String first = TestUsers.accessToken(signedUp.email());
            String second = Members.join(first, tenant, secondEmail, secondRole);
            Map<String, String> ids = memberIds(first);
            return new TwoMembers(first, second, ids.get(signedUp.email()), ids.get(secondEmail));
        }
    }

    /** The ids of the organisation's owners (every member, an admin too, lists the members). */
    private static List<String> ownerIds(String token) {
        JsonPath members = given().auth().oauth2(token).get("/api/members").jsonPath();
        List<String> ids = members.getList("id");
        List<String> roles = members.getList("role");
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if ("owner".equals(roles.get(i))) {
                owners.add(ids.get(i));
            }
        }
        return owners;
    }

    @Test
    void administrativeActionsAreInTheAuditLogWithWhoWhatWhenAndWhere() {
        TestUsers.SignedUp signedUp = TestUsers.signUp("audit-co");
        String owner = TestUsers.accessToken(signedUp.email());
        given().auth()
                .oauth2(owner)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"ci\",\"scopes\":[\"read\"]}")
                .post("/api/keys")
                .then()
                .statusCode(201);
        String viewer = Members.join(owner, "audit-co", "v@audit-co.test", "viewer");
        assertProblem(given().auth().oauth2(viewer).get("/api/audit"), 403, "err-pb-role-required");

        JsonPath log = given().auth()
                .oauth2(owner)
                .get("/api/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(log.getList("events.action"))
                .containsExactly("invitation.accepted", "member.invited", "key.created", "tenant.created");
        assertThat(log.getList("events.actorEmail"))
                .containsExactly("v@audit-co.test", signedUp.email(), signedUp.email(), signedUp.email());
        assertThat(log.getString("events[1].target")).isEqualTo("v@audit-co.test");
        assertThat(log.getString("events[2].detail")).isEqualTo("read \"ci\"");
        assertThat(log.getString("events[2].sourceIp")).isEqualTo("127.0.0.1");
        assertThat(log.getString("events[0].at")).isNotBlank();

        JsonPath page = given().auth()
                .oauth2(owner)
                .queryParam("limit", 3)
                .get("/api/audit")
                .jsonPath();
        assertThat(page.getList("events")).hasSize(3);
        JsonPath rest = given().auth()
                .oauth2(owner)
                .queryParam("before", page.getLong("next"))
                .get("/api/audit")
                .jsonPath();
        assertThat(rest.getList("events.action")).containsExactly("tenant.created");
        assertThat(rest.getString("next")).isNull();
    }

    private static Map<String, String> memberIds(String token) {
        JsonPath members = given().auth()
                .oauth2(token)
                .get("/api/members")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> emails = members.getList("email");
        List<String> ids = members.getList("id");
        Map<String, String> byEmail = new java.util.HashMap<>();
        for (int i = 0; i < emails.size(); i++) {
            byEmail.put(emails.get(i), ids.get(i));
        }
        return byEmail;
    }

    private static Map<String, String> registration(String token) {
        return Map.of("token", token, "password", TestUsers.PASSWORD, "firstName", "A", "lastName", "B");
    }

    private static Response put(String token, String path, String role) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("role", role))
                .put(path);
    }

    private static Response post(String token, String path, Object body) {
        var request = token == null ? given() : given().auth().oauth2(token);
        return request.contentType(ContentType.JSON).body(body).post(path);
    }

    private static JsonPath post(String token, String path, Object body, int status) {
        return post(token, path, body).then().statusCode(status).extract().jsonPath();
    }

    private static void assertProblem(Response response, int status, String id) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.jsonPath().getString("id")).isEqualTo(id);
    }
}
