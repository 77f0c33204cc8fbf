package dev.pulseboard.tenant.provisioning;

/**
 * What one run did for one tenant in one target. {@code detail} is shown to the tenant (GET /api/provisioning): it
 * names what exists or what failed, never a key, a password or an exception class.
 */
public record Outcome(Kind kind, String detail) {

    public enum Kind {
        /** The tenant is provisioned as desired. */
        READY,
        /** The tenant could not be provisioned (or removed) this run; the next run tries again. */
        FAILED,
        /** Nothing of the tenant is left in the target. */
        REMOVED
    }

    /** Longest detail kept (provisioning_status.detail). */
    public static final int MAX_DETAIL = 500;

    public Outcome {
        detail = detail == null ? "" : detail.strip();
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL - 1) + "…";
        }
    }

    public static Outcome ready(String detail) {
        return new Outcome(Kind.READY, detail);
    }

    public static Outcome failed(String detail) {
        return new Outcome(Kind.FAILED, detail);
    }

    public static Outcome removed(String detail) {
        return new Outcome(Kind.REMOVED, detail);
    }
}
