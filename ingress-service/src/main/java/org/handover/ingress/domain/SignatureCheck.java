package org.handover.ingress.domain;

/**
 * The result of checking a webhook body's {@code X-Hub-Signature-256} header. Each failure has a stable
 * {@link #reason() reason code} for the JSON error and the metrics; none of them carries the header value.
 */
public enum SignatureCheck {
    /** The header matches the body under one of the configured app secrets. */
    VALID(null),
    /** No {@code X-Hub-Signature-256} header (the legacy SHA-1 header alone does not count). */
    MISSING("signature_missing"),
    /** A header that is not {@code sha256=} followed by 64 hex digits. */
    MALFORMED("signature_malformed"),
    /** A well-formed header that matches the body under none of the secrets. */
    MISMATCH("signature_mismatch");

    private final String reason;

    SignatureCheck(String reason) {
        this.reason = reason;
    }

    /** The reason code of a failure ({@code signature_missing}, ...), {@code null} for {@link #VALID}. */
    public String reason() {
        return reason;
    }
}
