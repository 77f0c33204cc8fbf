package dev.pulseboard.tenant.signup;

/** Body of {@code POST /api/signup}; {@code tenant} is optional and derived from {@code organization} when absent. */
public record SignupRequest(
        String organization, String tenant, String email, String password, String firstName, String lastName) {
    @Override
    public String toString() {
        return "SignupRequest[organization=" + organization + ", tenant=" + tenant + ", email=" + email + "]";
    }
}
