package dev.pulseboard.contract.errors;

import java.util.HashMap;
import java.util.Map;

/**
 * Every stable error ID Pulseboard can return or count, in one place: the registry. Each one has exactly one section
 * {@code ## err-pb-...} in docs/errors.md (what it means, the status, how to fix it), and a test
 * ({@code ErrorIdRegistryTest}) fails when an ID is missing there, documented twice, documented but never used by the
 * code, or written as a string literal anywhere else. IDs are a contract with clients, counters and dashboards:
 * never rename or reuse one; add new ones.
 */
public enum ErrorId {
    // --- ingest
    MISSING_CREDENTIALS("err-pb-missing-credentials"),
    INVALID_CREDENTIALS("err-pb-invalid-credentials"),
    TENANT_SERVICE_UNAVAILABLE("err-pb-tenant-service-unavailable"),
    INVALID_JSON("err-pb-invalid-json"),
    REQUEST_TOO_LARGE("err-pb-request-too-large"),
    TOO_MANY_SAMPLES("err-pb-too-many-samples"),
    MISSING_VALUE("err-pb-missing-value"),
    SAMPLES_REJECTED("err-pb-samples-rejected"),
    STORE_UNAVAILABLE("err-pb-store-unavailable"),
    STATSD_LINE_MALFORMED("err-pb-statsd-line-malformed"),
    STATSD_TYPE_UNKNOWN("err-pb-statsd-type-unknown"),
    STATSD_VALUE_INVALID("err-pb-statsd-value-invalid"),
    RATE_LIMITED("err-pb-rate-limited"),
    REMOTE_WRITE_MALFORMED("err-pb-remote-write-malformed"),
    NATIVE_HISTOGRAM_UNSUPPORTED("err-pb-native-histogram-unsupported"),
    STALE_MARKER_NOT_STORED("err-pb-stale-marker-not-stored"),
    OTLP_MALFORMED("err-pb-otlp-malformed"),
    OTLP_DELTA_UPDOWN_UNSUPPORTED("err-pb-otlp-delta-updown-unsupported"),
    TEXT_MALFORMED("err-pb-text-malformed"),
    PUSH_GROUPING_INVALID("err-pb-push-grouping-invalid"),
    PUSH_FORMAT_UNSUPPORTED("err-pb-push-format-unsupported"),
    PUSH_DELETE_UNSUPPORTED("err-pb-push-delete-unsupported"),
    WEBHOOK_UNKNOWN("err-pb-webhook-unknown"),
    WEBHOOK_SIGNATURE_INVALID("err-pb-webhook-signature-invalid"),
    WEBHOOK_PAYLOAD_INVALID("err-pb-webhook-payload-invalid"),
    WEBHOOK_MAPPING_FAILED("err-pb-webhook-mapping-failed"),
    EXEMPLAR_NOT_STORED("err-pb-exemplar-not-stored"),
    STATSD_OVERLOADED("err-pb-statsd-overloaded"),
    STATSD_EVENT_UNSUPPORTED("err-pb-statsd-event-unsupported"),
    STATSD_SERVICE_CHECK_UNSUPPORTED("err-pb-statsd-service-check-unsupported"),
    STATSD_KERNEL_DROPPED("err-pb-statsd-kernel-dropped"),
    MISSING_METRIC_NAME("err-pb-missing-metric-name"),
    METRIC_NAME_INVALID("err-pb-metric-name-invalid"),
    METRIC_NAME_TOO_LONG("err-pb-metric-name-too-long"),
    LABEL_NAME_INVALID("err-pb-label-name-invalid"),
    LABEL_NAME_TOO_LONG("err-pb-label-name-too-long"),
    LABEL_VALUE_TOO_LONG("err-pb-label-value-too-long"),
    DUPLICATE_LABEL_NAME("err-pb-duplicate-label-name"),
    RESERVED_LABEL_NAME("err-pb-reserved-label-name"),
    RESERVED_METRIC_NAME("err-pb-reserved-metric-name"),
    KEY_IN_SAMPLE("err-pb-key-in-sample"),
    MAX_LABEL_NAMES_PER_SERIES("err-pb-max-label-names-per-series"),
    MISSING_METRIC_TYPE("err-pb-missing-metric-type"),
    VALUE_NOT_FINITE("err-pb-value-not-finite"),
    SAMPLE_RATE_INVALID("err-pb-sample-rate-invalid"),
    COUNTER_NEGATIVE("err-pb-counter-negative"),
    SAMPLE_TOO_OLD("err-pb-sample-too-old"),
    SAMPLE_TOO_FAR_IN_FUTURE("err-pb-sample-too-far-in-future"),
    // --- query API
    QUERY_INVALID("err-pb-query-invalid"),
    QUERY_OTHER_TENANT("err-pb-query-other-tenant"),
    QUERY_TOO_LONG("err-pb-query-too-long"),
    QUERY_RANGE_TOO_LONG("err-pb-query-range-too-long"),
    QUERY_TOO_MANY_POINTS("err-pb-query-too-many-points"),
    QUERY_ORG_INVALID("err-pb-query-org-invalid"),
    QUERY_BACKEND_UNAVAILABLE("err-pb-query-backend-unavailable"),
    QUERY_CONCURRENCY_LIMITED("err-pb-query-concurrency-limited"),
    QUERY_TIME_LIMITED("err-pb-query-time-limited"),
    KEY_SCOPE_MISSING("err-pb-key-scope-missing"),
    // --- tenant-service
    INVALID_SIGNUP("err-pb-invalid-signup"),
    TENANT_EXISTS("err-pb-tenant-exists"),
    USER_EXISTS("err-pb-user-exists"),
    NO_ORGANIZATION("err-pb-no-organization"),
    KEY_SCOPES_INVALID("err-pb-key-scopes-invalid"),
    KEY_NOT_FOUND("err-pb-key-not-found"),
    KEY_DIRECTORY_UNAVAILABLE("err-pb-key-directory-unavailable"),
    WEBHOOK_RULE_NOT_FOUND("err-pb-webhook-rule-not-found"),
    WEBHOOK_RULE_INVALID("err-pb-webhook-rule-invalid"),
    DASHBOARD_NOT_FOUND("err-pb-dashboard-not-found"),
    DASHBOARD_INVALID("err-pb-dashboard-invalid"),
    DASHBOARD_EXISTS("err-pb-dashboard-exists"),
    DASHBOARD_VERSION_CONFLICT("err-pb-dashboard-version-conflict"),
    DASHBOARD_TOO_LARGE("err-pb-dashboard-too-large"),
    DASHBOARD_LIMIT("err-pb-dashboard-limit"),
    ORGANIZATION_REQUIRED("err-pb-organization-required"),
    ORGANIZATION_NOT_FOUND("err-pb-organization-not-found"),
    ROLE_REQUIRED("err-pb-role-required"),
    ROLE_INVALID("err-pb-role-invalid"),
    MEMBER_NOT_FOUND("err-pb-member-not-found"),
    LAST_OWNER("err-pb-last-owner"),
    INVITATION_INVALID("err-pb-invitation-invalid"),
    INVITATION_NOT_FOUND("err-pb-invitation-not-found"),
    INVITATION_EXPIRED("err-pb-invitation-expired"),
    INVITATION_EMAIL_MISMATCH("err-pb-invitation-email-mismatch"),
    KEY_LIMIT("err-pb-key-limit"),
    KEY_NAME_INVALID("err-pb-key-name-invalid"),
    LIMITS_INVALID("err-pb-limits-invalid"),
    LIMITS_UNPUBLISHED("err-pb-limits-unpublished"),
    INTERNAL_TOKEN("err-pb-internal-token"),
    USAGE_UNAVAILABLE("err-pb-usage-unavailable"),
    THROTTLED("err-pb-throttled"),
    SIGNUP_LINK_INVALID("err-pb-signup-link-invalid"),
    MAIL_UNAVAILABLE("err-pb-mail-unavailable"),
    DELETION_UNCONFIRMED("err-pb-deletion-unconfirmed"),
    BAD_REQUEST("err-pb-bad-request"),
    NOT_FOUND("err-pb-not-found"),
    IDENTITY_UNAVAILABLE("err-pb-identity-unavailable"),
    GATEWAY_UNAVAILABLE("err-pb-gateway-unavailable"),
    INTERNAL("err-pb-internal"),
    // --- pipeline
    RECORD_TRUNCATED("err-pb-record-truncated"),
    RECORD_NOT_PULSEBOARD("err-pb-record-not-pulseboard"),
    RECORD_UNKNOWN_VERSION("err-pb-record-unknown-version"),
    RECORD_MALFORMED("err-pb-record-malformed"),
    RECORD_INVALID_TENANT("err-pb-record-invalid-tenant"),
    SAMPLE_LATE("err-pb-sample-late"),
    SERIES_LIMIT("err-pb-series-limit"),
    SERIES_TYPE_CONFLICT("err-pb-series-type-conflict"),
    REMOTE_WRITE_REJECTED("err-pb-remote-write-rejected");

    private static final Map<String, ErrorId> BY_ID = new HashMap<>();

    static {
        for (ErrorId e : values()) {
            BY_ID.put(e.id, e);
        }
    }

    private final String id;

    ErrorId(String id) {
        this.id = id;
    }

    /** The stable ID, e.g. {@code err-pb-sample-too-old}. */
    public String id() {
        return id;
    }

    /** The constant of a stable ID, or {@code null} for a string that is not one. */
    public static ErrorId byId(String id) {
        return BY_ID.get(id);
    }

    @Override
    public String toString() {
        return id;
    }
}
