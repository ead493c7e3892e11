package org.handover.handover.domain;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a save changed in a page's settings, for the audit: {@code questionText: "old" → "new"} per changed field
 * (every field of {@link PageSettings}, also those added later; {@code updatedAt} is not a setting). Long texts are
 * shortened; page texts are the admin's words, never a user's.
 */
public final class SettingsDiff {

    /** Longest value shown per side. */
    public static final int VALUE_MAX = 80;

    private SettingsDiff() {
    }

    /** The changed fields, one line each, in the record's order; empty when nothing changed. */
    public static List<String> changes(PageSettings before, PageSettings after) {
        List<String> lines = new ArrayList<>();
        for (RecordComponent c : PageSettings.class.getRecordComponents()) {
            if (c.getName().equals("updatedAt") || c.getName().equals("pageId")) {
                continue;
            }
            Object old = value(c, before);
            Object now = value(c, after);
            if (!Objects.equals(old, now)) {
                lines.add(c.getName() + ": " + shown(old) + " → " + shown(now));
            }
        }
        return lines;
    }

    private static Object value(RecordComponent c, PageSettings s) {
        try {
            return c.getAccessor().invoke(s);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("a record's accessor is public", e);
        }
    }

    private static String shown(Object value) {
        if (value == null) {
            return "(none)";
        }
        if (!(value instanceof String text)) {
            return value.toString();
        }
        String cut = text.length() > VALUE_MAX ? text.substring(0, VALUE_MAX) + "…" : text;
        return "\"" + cut.replace('\n', ' ') + "\"";
    }
}
