package dev.pulseboard.tenant.signup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.pulseboard.contract.tenant.IngestKeys;
import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.identity.KeycloakDirectory;
import dev.pulseboard.tenant.identity.NewUser;
import dev.pulseboard.tenant.testing.Database;
import dev.pulseboard.tenant.testing.EchoQueryFrontendTestResource;
import dev.pulseboard.tenant.testing.KafkaTestResource;
import dev.pulseboard.tenant.testing.KeycloakTestResource;
import dev.pulseboard.tenant.testing.PostgresTestResource;
import dev.pulseboard.tenant.testing.TestUsers;
import dev.pulseboard.tenant.testing.TestUsers.SignedUp;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.MemberRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, parallel = true)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = KeycloakTestResource.class, parallel = true)
@WithTestResource(value = EchoQueryFrontendTestResource.class)
class SignupIT {

    @Inject
    Keycloak keycloak;

    @Inject
    Database db;

    @Inject
    MockMailbox mailbox;

    @BeforeEach
    void emptyMailbox() {
        mailbox.clear();
    }

    private static final Pattern LINK = Pattern.compile("(http://\\S+/verify\\.html)#(\\S+)");

    @Test
    void aPublicSignUpIsCompletedFromTheMailedLinkWithThePasswordChosenThere() {
        String email = "Verified@Example.test";
        String answer = publicSignUp("verified-co", email)
                .then()
                .statusCode(202)
                .extract()
                .asString();
        assertThat(answer).contains("Check your inbox");
        assertThat(db.tenantStatus("verified-co"))
                .as("nothing created before the link is used")
                .isNull();
        assertThat(realm().users().searchByEmail("verified@example.test", true)).isEmpty();

        List<Mail> mails = mailbox.getMailsSentTo("verified@example.test");
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo(SignupMails.VERIFY_SUBJECT);
        Matcher link = LINK.matcher(mails.get(0).getText());
        assertThat(link.find()).as("a link in: " + mails.get(0).getText()).isTrue();
        assertThat(link.group(1)).isEqualTo("http://127.0.0.1:19080/verify.html");
        String token = link.group(2);

        post("/api/signup/lookup", Map.of("token", token))
                .then()
                .statusCode(200)
                .body("organization", equalTo("Org verified-co"))
                .body("tenant", equalTo("verified-co"))
                .body("email", equalTo("verified@example.test"));
        post("/api/signup/complete", Map.of("token", token, "password", "short"))
                .then()
                .statusCode(400)
                .body("id", equalTo("err-pb-invalid-signup"))
                .body("field", equalTo("password"));
        String key = post("/api/signup/complete", Map.of("token", token, "password", TestUsers.PASSWORD))
                .then()
                .statusCode(201)
                .body("tenant", equalTo("verified-co"))
                .body("loginUrl", equalTo("/app/"))
                .extract()
                .path("ingestKey");
        assertThat(key).matches("pbk_[0-9a-f]{40}");
        assertThat(db.tenantStatus("verified-co")).isEqualTo("ACTIVE");
        assertThat(TestUsers.accessToken("verified@example.test"))
                .as("the owner logs in")
                .isNotBlank();

        for (String path : List.of("/api/signup/lookup", "/api/signup/complete")) {
            post(path, Map.of("token", token, "password", TestUsers.PASSWORD))
                    .then()
                    .statusCode(404)
                    .body("id", equalTo("err-pb-signup-link-invalid"));
        }
        post("/api/signup/lookup", Map.of("token", "not-a-token"))
                .then()
                .statusCode(404)
                .body("id", equalTo("err-pb-signup-link-invalid"));
    }

    @Test
    void theAnswerIsTheSameForAnAddressWithAnAccountWhichIsToldByMailInstead() {
        TestUsers.signUp("known-co");
        String forNew = publicSignUp("fresh-co", "fresh-co@example.test")
                .then()
                .statusCode(202)
                .extract()
                .asString();
        String forKnown = publicSignUp("other-co", "known-co@example.test")
                .then()
                .statusCode(202)
                .extract()
                .asString();
        assertThat(forKnown).as("nothing tells the two apart").isEqualTo(forNew);

        List<Mail> mails = mailbox.getMailsSentTo("known-co@example.test");
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo(SignupMails.EXISTS_SUBJECT);
        assertThat(mails.get(0).getText()).contains("already has an account").doesNotContain("verify.html");
        assertThat(db.tenantStatus("other-co")).isNull();
    }

    @Test
    void aTenantIdTakenMeanwhileIsReportedOnlyToTheLinksHolderWhoMayChooseAnother() {
        TestUsers.signUp("taken-co");
        publicSignUp("taken-co", "newcomer@example.test").then().statusCode(202);
        Matcher link = LINK.matcher(
                mailbox.getMailsSentTo("newcomer@example.test").get(0).getText());
        assertThat(link.find()).isTrue();
        post("/api/signup/complete", Map.of("token", link.group(2), "password", TestUsers.PASSWORD))
                .then()
                .statusCode(409)
                .body("id", equalTo("err-pb-tenant-exists"));
        post(
                        "/api/signup/complete",
                        Map.of("token", link.group(2), "password", TestUsers.PASSWORD, "tenant", "taken-co-2"))
                .then()
                .statusCode(201)
                .body("tenant", equalTo("taken-co-2"));
    }

    @Test
    void oneAddressGetsAtMostThreeSignUpMailsAnHour() {
        for (int i = 0; i < 5; i++) {
            publicSignUp("flood-co-" + i, "flooded@example.test").then().statusCode(202);
        }
        assertThat(mailbox.getMailsSentTo("flooded@example.test")).hasSize(3);
    }

    private static io.restassured.response.Response publicSignUp(String tenant, String email) {
        return post("/api/signup", TestUsers.requestBody(tenant, email));
    }

    private static io.restassured.response.Response post(String path, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path);
    }

    @Test
    void signupCreatesTenantRowOrganizationMemberAndHashedKey() {
        SignedUp acme = TestUsers.signUp("acme-signup");

        assertThat(acme.ingestKey()).matches("pbk_[0-9a-f]{40}");
        assertThat(acme.keyPrefix()).isEqualTo(IngestKeys.displayPrefix(acme.ingestKey()));
        assertThat(db.tenantStatus("acme-signup")).isEqualTo("ACTIVE");
        assertThat(db.keyHashesOf("acme-signup")).containsExactly(IngestKeys.hash(acme.ingestKey()));
        assertThat(db.rowsContaining(acme.ingestKey().substring(4)))
                .as("raw key stored anywhere")
                .isZero();

        OrganizationRepresentation org = organization("acme-signup");
        assertThat(org.getAlias()).isEqualTo("acme-signup");
        assertThat(org.getDescription()).isEqualTo("Org acme-signup");
        List<MemberRepresentation> members =
                realm().organizations().get(org.getId()).members().getAll();
        assertThat(members).extracting(UserRepresentation::getEmail).containsExactly(acme.email());
        assertThat(members.get(0).isEmailVerified()).isTrue();
    }

    @Test
    void sameTenantTwiceIsConflictWithoutCreatingTheSecondUser() {
        TestUsers.signUp("dup-tenant");
        TestUsers.operatorSignUp(TestUsers.signupBody("dup-tenant", "second@example.test"))
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("id", equalTo("err-pb-tenant-exists"));
        assertThat(realm().users().searchByEmail("second@example.test", true)).isEmpty();
    }

    @Test
    void sameEmailTwiceIsConflictWithoutCreatingTheSecondTenant() {
        TestUsers.signUp("first-mail");
        TestUsers.operatorSignUp(TestUsers.signupBody("second-mail", "first-mail@example.test"))
                .then()
                .statusCode(409)
                .body("id", equalTo("err-pb-user-exists"));
        assertThat(db.tenantStatus("second-mail")).isNull();
        assertThat(realm().organizations().search("second-mail")).isEmpty();
    }

    @Test
    void keycloakConflictAfterOrganizationIsCompensated() {
        // A username equal to the sign-up email but a different email address passes the email pre-check and
        // makes Keycloak refuse the user only after the row and the organization exist.
        UserRepresentation squatter = new UserRepresentation();
        squatter.setUsername("squat@example.test");
        squatter.setEmail("someone-else@example.test");
        squatter.setEnabled(true);
        try (Response created = realm().users().create(squatter)) {
            assertThat(created.getStatus()).isEqualTo(201);
        }
        TestUsers.operatorSignUp(TestUsers.signupBody("half-tenant", "squat@example.test"))
                .then()
                .statusCode(409)
                .body("id", equalTo("err-pb-user-exists"));
        assertThat(db.tenantStatus("half-tenant")).as("row removed").isNull();
        assertThat(realm().organizations().search("half-tenant"))
                .as("organization removed")
                .isEmpty();
    }

    @Inject
    TenantRows rows;

    @Inject
    KeycloakDirectory directory;

    @Inject
    AbandonedSignups abandoned;

    @Test
    void aSignUpThatDiedHalfWayIsRemovedSoItsIdAndEmailCanSignUpAgain() {
        String tenant = "half-way";
        String email = tenant + "@example.test"; // the e-mail TestUsers.signUp uses again below
        // what a sign-up killed after creating the organization, the user and the membership leaves behind
        rows.reserve(new TenantId(tenant), "Half Way", email);
        String org = directory.createOrganization(new TenantId(tenant), "Half Way");
        String user = directory.createUser(new NewUser(email, TestUsers.PASSWORD, "Half", "Way"));
        directory.addMember(org, user);
        TestUsers.operatorSignUp(TestUsers.signupBody(tenant, email)).then().statusCode(409);

        assertThat(abandoned.sweep(Instant.now().minusSeconds(600)))
                .as("a reservation younger than the cut-off is a sign-up in progress")
                .isZero();
        assertThat(db.tenantStatus(tenant)).isEqualTo("PROVISIONING");
        assertThat(abandoned.sweep(Instant.now().plusSeconds(1))).isEqualTo(1);
        assertThat(db.tenantStatus(tenant)).isNull();
        assertThat(keycloak.realm(KeycloakTestResource.REALM).users().searchByEmail(email, true))
                .isEmpty();
        assertThat(keycloak.realm(KeycloakTestResource.REALM).organizations().search(tenant, true, 0, 10))
                .isEmpty();

        SignedUp again = TestUsers.signUp(tenant);
        assertThat(db.tenantStatus(again.tenant())).isEqualTo("ACTIVE");
        assertThat(abandoned.sweep(Instant.now().plusSeconds(1)))
                .as("an active tenant is never swept")
                .isZero();
    }

    @Test
    void tenantIsDerivedFromTheOrganizationNameWhenAbsent() {
        Map<String, Object> body = Map.of(
                "organization",
                "Zürich Metrics AG",
                "email",
                "zh@example.test",
                "password",
                TestUsers.PASSWORD,
                "firstName",
                "Zoe",
                "lastName",
                "Z");
        TestUsers.operatorSignUp(body)
                .then()
                .statusCode(201)
                .body("tenant", equalTo("zurich-metrics-ag"))
                .body("loginUrl", equalTo("/app/"))
                .body("ingestKey", matchesPattern("pbk_[0-9a-f]{40}"));
        assertThat(organization("zurich-metrics-ag").getAlias()).isEqualTo("zurich-metrics-ag");
    }

    @Test
    void invalidInputIs400NamingTheFieldBeforeAnyMailIsSent() {
        invalid(
                Map.of(
                        "organization",
                        "X Co",
                        "tenant",
                        "Bad_Id",
                        "email",
                        "x@example.test",
                        "password",
                        TestUsers.PASSWORD,
                        "firstName",
                        "a",
                        "lastName",
                        "b"),
                "tenant");
        invalid(
                Map.of(
                        "organization",
                        "X Co",
                        "email",
                        "not-an-email",
                        "password",
                        TestUsers.PASSWORD,
                        "firstName",
                        "a",
                        "lastName",
                        "b"),
                "email");
        invalid(
                Map.of("email", "x@example.test", "password", TestUsers.PASSWORD, "firstName", "a", "lastName", "b"),
                "organization");
        given().contentType(ContentType.JSON)
                .body("{not json")
                .when()
                .post("/api/signup")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    private void invalid(Map<String, Object> body, String field) {
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/signup")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("id", equalTo("err-pb-invalid-signup"))
                .body("field", equalTo(field));
        assertThat(mailbox.getTotalMessagesSent())
                .as("no mail for a refused sign-up")
                .isZero();
    }

    private OrganizationRepresentation organization(String alias) {
        return realm().organizations().search(alias).stream()
                .filter(o -> alias.equals(o.getAlias()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Keycloak organization " + alias));
    }

    private RealmResource realm() {
        return keycloak.realm(KeycloakTestResource.REALM);
    }
}
