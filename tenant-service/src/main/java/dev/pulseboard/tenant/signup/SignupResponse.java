package dev.pulseboard.tenant.signup;

/** 201 answer of sign-up: the raw ingest key appears here once and is never retrievable again. */
public record SignupResponse(String tenant, String ingestKey, String keyPrefix, String loginUrl) {
    @Override
    public String toString() {
        return "SignupResponse[tenant=" + tenant + ", keyPrefix=" + keyPrefix + "]";
    }
}
