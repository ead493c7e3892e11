package org.handover.handover.domain;

/**
 * What a page id (or a user's PSID) from a path must be before it is looked up or stored: 1 to {@link #MAX}
 * characters (the {@code page_id} and {@code psid} columns), no {@code ':'} (the separator of conversation keys), no
 * spaces, control or invisible formatting characters. Besides the column's length, PostgreSQL refuses U+0000 even in
 * a query, so such an id must be refused before it reaches the database. Plain Java.
 */
public final class PageIds {

    /** The longest id stored (the {@code page_id} columns); Meta's page ids are about 15 digits. */
    public static final int MAX = 64;

    private PageIds() {
    }

    /** Why {@code pageId} cannot name a page, or {@code null} when it can. */
    public static String pageIdProblem(String pageId) {
        return problem("pageId", pageId);
    }

    /** Why {@code id} (named {@code field} in the answer) cannot be an id, or {@code null} when it can. */
    public static String problem(String field, String id) {
        if (id == null || id.isEmpty() || id.length() > MAX
                || id.codePoints().anyMatch(c -> c == ':' || Character.isWhitespace(c) || Character.isSpaceChar(c)
                        || Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE
                        // Invisible formatting (bidi overrides, zero-width joiners) would make two ids look alike.
                        || Character.getType(c) == Character.FORMAT)) {
            return field + ": 1 to " + MAX + " characters, without ':', spaces or control characters";
        }
        return null;
    }
}
