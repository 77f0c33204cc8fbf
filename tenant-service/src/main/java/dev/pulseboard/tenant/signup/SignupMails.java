package dev.pulseboard.tenant.signup;

import dev.pulseboard.tenant.config.TenantServiceConfig;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The two mails a public sign-up can cause, sent over SMTP ({@code quarkus.mailer.*}; the local stack's mail sink,
 * ./pulseboard's GreenMail). Both are sent in the same way and at the same point, so the sign-up's answer and timing
 * say nothing about which one went. A mail that cannot be sent is 503 {@code err-pb-mail-unavailable} either way.
 */
@ApplicationScoped
public class SignupMails {
    private static final Logger LOG = Logger.getLogger(SignupMails.class);
    static final String VERIFY_SUBJECT = "Confirm your Pulseboard sign-up";
    static final String EXISTS_SUBJECT = "Your Pulseboard sign-up";

    private final Mailer mailer;
    private final String uiUrl;

    SignupMails(Mailer mailer, TenantServiceConfig config) {
        this.mailer = mailer;
        this.uiUrl = config.publicEndpoints().uiUrl();
    }

    /** The link that completes the sign-up of {@code organization}. */
    void verify(String email, String organization, String tenant, String token) {
        send(Mail.withText(email, VERIFY_SUBJECT, """
                Someone, hopefully you, signed up for Pulseboard with this address, for the organisation \
                "%s" (tenant id %s).

                To confirm and choose your password, open this link within a day:
                %s/verify.html#%s

                If it was not you, ignore this mail: nothing has been created.
                """.formatted(organization, tenant, uiUrl, token)));
    }

    /** The address already has an account: say so to its owner, not to whoever signed up. */
    void alreadyRegistered(String email) {
        send(Mail.withText(email, EXISTS_SUBJECT, """
                Someone, hopefully you, tried to sign up for Pulseboard with this address, which already has an \
                account.

                Log in at %s/app/ instead. To start another organisation, ask an owner of an existing one to \
                invite you, or sign up with another address.

                If it was not you, ignore this mail: nothing has changed.
                """.formatted(uiUrl)));
    }

    private void send(Mail mail) {
        try {
            mailer.send(mail);
        } catch (RuntimeException e) {
            LOG.warnf("sign-up mail not sent: %s", e.getMessage());
            throw new ProblemException(
                    TenantError.MAIL_UNAVAILABLE, "The confirmation e-mail cannot be sent right now; retry shortly.");
        }
    }
}
