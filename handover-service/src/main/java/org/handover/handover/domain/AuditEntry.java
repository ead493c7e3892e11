package org.handover.handover.domain;

import java.time.Instant;

/**
 * One change of settings as the audit keeps it: who ({@link AdminPrincipal#name()}), what (an action such as
 * {@code settings_saved} and its detail: the fields changed, old and new), when, on which page ({@code null} for
 * changes of accounts).
 */
public record AuditEntry(Instant at, String actor, String pageId, String action, String detail) {
}
