package dev.pulseboard.tenant.signup;

import dev.pulseboard.contract.tenant.TenantId;
import dev.pulseboard.tenant.errors.ProblemException;
import dev.pulseboard.tenant.errors.TenantError;
import dev.pulseboard.tenant.identity.NewUser;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Pure validation of a sign-up body; the first bad field is reported as {@code err-pb-invalid-signup} naming it. */
public final class SignupValidator {
    static final int MAX_NAME = 100;
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 128;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    public record ValidSignup(TenantId tenant, String displayName, NewUser user) {}

    /** A public sign-up before its e-mail is verified: everything but the password, which comes with the link. */
    public record ValidRequest(TenantId tenant, String displayName, String email, String firstName, String lastName) {}

    private SignupValidator() {}

    public static ValidSignup validate(SignupRequest request) {
        ValidRequest valid = validateRequest(request);
        NewUser user = user(valid.email(), request.password(), valid.firstName(), valid.lastName());
        return new ValidSignup(valid.tenant(), valid.displayName(), user);
    }

    /** Checks every field but the password. */
    public static ValidRequest validateRequest(SignupRequest request) {
        if (request == null) {
            throw invalid("body", "Send a JSON object with organization, email, firstName and lastName.");
        }
        String organization = text(request.organization(), "organization");
        TenantId tenant = tenant(request.tenant(), organization);
        String email = normalEmail(text(request.email(), "email"))
                .orElseThrow(() -> invalid("email", "email must be an address like ops@example.com."));
        return new ValidRequest(
                tenant,
                organization,
                email,
                text(request.firstName(), "firstName"),
                text(request.lastName(), "lastName"));
    }

    /** A new user's fields (sign-up, accepting an invitation as a new user), the first bad one refused by name. */
    public static NewUser user(String email, String password, String firstName, String lastName) {
        String address = normalEmail(text(email, "email"))
                .orElseThrow(() -> invalid("email", "email must be an address like ops@example.com."));
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw invalid("password", "password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters.");
        }
        return new NewUser(address, password, text(firstName, "firstName"), text(lastName, "lastName"));
    }

    /** The address in lower case when it looks like one (at most 254 characters), else empty. */
    public static Optional<String> normalEmail(String value) {
        String email = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return email.length() <= 254 && EMAIL.matcher(email).matches() ? Optional.of(email) : Optional.empty();
    }

    /** The tenant id asked for, or one derived from the organisation's name when none is. */
    static TenantId tenant(String requested, String organization) {
        if (requested == null || requested.isBlank()) {
            return TenantSlugs.derive(organization)
                    .orElseThrow(() -> invalid(
                            "tenant", "Cannot derive a tenant id from the organization name; send tenant explicitly."));
        }
        if (TenantId.RESERVED.contains(requested)) {
            throw invalid("tenant", "tenant id '" + requested + "' is reserved for the platform; choose another.");
        }
        if (!TenantId.isValid(requested)) {
            throw invalid(
                    "tenant",
                    "tenant must be 3-40 characters of a-z, 0-9 and '-', start with a letter"
                            + " and not end with '-'.");
        }
        return new TenantId(requested);
    }

    private static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw invalid(field, field + " is required.");
        }
        String trimmed = value.strip();
        if (trimmed.length() > MAX_NAME) {
            throw invalid(field, field + " must be at most " + MAX_NAME + " characters.");
        }
        return trimmed;
    }

    private static ProblemException invalid(String field, String detail) {
        return ProblemException.invalidField(TenantError.INVALID_SIGNUP, field, detail);
    }
}
