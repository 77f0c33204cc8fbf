package dev.pulseboard.tenant.signup;

import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.identity.KeycloakDirectory;
import dev.pulseboard.tenant.links.LinkTokens;
import dev.pulseboard.tenant.signup.SignupValidator.ValidRequest;
import dev.pulseboard.tenant.store.SignupRequestEntity;
import dev.pulseboard.tenant.store.SignupRequestRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Public sign-up verified by e-mail, so that its answers tell nobody which addresses have accounts or which tenant
 * ids exist (issue 8):
 * <ol>
 *   <li>{@link #request}: the fields are checked (400 names a malformed one), a request is stored with the SHA-256 of
 *       a new token, and a mail goes to the address: the link with the token, or, if the address has an account,
 *       a note saying so. The answer is the same 202 either way.</li>
 *   <li>{@link #lookup}: the page behind the link shows what is being signed up.</li>
 *   <li>{@link #complete}: with the token and the password chosen there, {@link SignupService} creates the tenant,
 *       the owner and the first key (201, the key shown once), and the request is used up. A tenant id taken by
 *       then is 409 {@code err-pb-tenant-exists} to the holder of the link, who may choose another.</li>
 * </ol>
 * One address receives at most {@code signup.mails-per-address-per-hour} sign-up mails; beyond, requests are
 * answered the same and not mailed.
 */
@ApplicationScoped
public class SignupVerification {
    private static final Logger LOG = Logger.getLogger(SignupVerification.class);

    /** What a sign-up link is for. */
    public record Pending(String organization, String tenant, String email, Instant expiresAt) {}

    private final SignupRequestRepository requests;
    private final KeycloakDirectory directory;
    private final SignupMails mails;
    private final SignupService signups;
    private final Duration linkTtl;
    private final int mailsPerHour;

    SignupVerification(
            SignupRequestRepository requests,
            KeycloakDirectory directory,
            SignupMails mails,
            SignupService signups,
            TenantServiceConfig config) {
        this.requests = requests;
        this.directory = directory;
        this.mails = mails;
        this.signups = signups;
        this.linkTtl = config.signup().linkTtl();
        this.mailsPerHour = config.signup().mailsPerAddressPerHour();
    }

    /** Step 1: stores the request and mails the address; the caller answers 202 whatever the address. */
    public void request(SignupRequest body, String sourceAddress) {
        ValidRequest valid = SignupValidator.validateRequest(body);
        String token = LinkTokens.generate();
        Instant now = now();
        boolean mail = QuarkusTransaction.requiringNew().call(() -> {
            if (requests.countForEmailSince(valid.email(), now.minus(Duration.ofHours(1))) >= mailsPerHour) {
                return false;
            }
            SignupRequestEntity row = new SignupRequestEntity();
            row.id = UUID.randomUUID();
            row.tokenHash = LinkTokens.hash(token).orElseThrow();
            row.email = valid.email();
            row.organization = valid.displayName();
            row.tenantId = valid.tenant().value();
            row.firstName = valid.firstName();
            row.lastName = valid.lastName();
            row.sourceAddress = sourceAddress;
            row.createdAt = now;
            row.expiresAt = now.plus(linkTtl);
            requests.persist(row);
            return true;
        });
        if (!mail) {
            LOG.infof("sign-up mail to an address not sent: %d already this hour", mailsPerHour);
            return;
        }
        if (directory.emailTaken(valid.email())) {
            mails.alreadyRegistered(valid.email());
        } else {
            mails.verify(valid.email(), valid.displayName(), valid.tenant().value(), token);
        }
    }

    /** Step 2: what the link signs up; 404 {@code err-pb-signup-link-invalid} for an unknown, used or expired one. */
    public Pending lookup(String token) {
        SignupRequestEntity row = usable(token);
        return new Pending(row.organization, row.tenantId, row.email, row.expiresAt);
    }

    /**
     * Step 3: signs up with the request's fields, the password and optionally another tenant id than the one asked
     * for, and uses the link up. The link stays usable when the sign-up is refused (a taken tenant id, a weak
     * password).
     */
    public SignupResponse complete(String token, String password, String tenant, String sourceAddress) {
        SignupRequestEntity row = usable(token);
        String tenantId = tenant == null || tenant.isBlank()
                ? row.tenantId
                : SignupValidator.tenant(tenant, row.organization).value();
        SignupResponse response = signups.signUp(
                new SignupRequest(row.organization, tenantId, row.email, password, row.firstName, row.lastName),
                sourceAddress);
        QuarkusTransaction.requiringNew()
                .run(() -> requests.findByIdOptional(row.id).ifPresent(r -> r.completedAt = now()));
        return response;
    }

    /** Requests a day past their expiry are removed (they hold e-mail addresses). */
    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void removeExpired() {
        long removed = QuarkusTransaction.requiringNew()
                .call(() -> requests.deleteExpiredBefore(Instant.now().minus(Duration.ofDays(1))));
        if (removed > 0) {
            LOG.infof("removed %d expired sign-up request(s)", removed);
        }
    }

    private SignupRequestEntity usable(String token) {
        String hash = LinkTokens.hash(token).orElseThrow(SignupVerification::invalidLink);
        SignupRequestEntity row = QuarkusTransaction.requiringNew()
                .call(() -> requests.findByTokenHash(hash).orElse(null));
        if (row == null || !row.usable(Instant.now())) {
            throw invalidLink();
        }
        return row;
    }

    static ProblemException invalidLink() {
        return new ProblemException(
                TenantError.SIGNUP_LINK_INVALID,
                "This sign-up link is unknown, already used or expired; sign up again to get a new one.");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
