package org.handover.routing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Realistic Messenger webhook events (one event of {@code messaging[]} / {@code standby[]} each), in
 * {@code src/test/resources/meta-events}. They use the demo page {@link #PAGE} and the user {@link #PSID}; tests that
 * share a broker swap those for their own ids with {@link #load(String, String, String)}.
 */
public final class MetaEvents {

    /** The page id in every fixture. */
    public static final String PAGE = "110000000000001";
    /** The user's PSID in every fixture. */
    public static final String PSID = "7000000000000001";
    /** Our (bot) app id, as configured for tests. */
    public static final String OWN_APP = "220000000000002";

    private MetaEvents() {
    }

    /** The fixture's JSON, byte for byte. */
    public static String load(String name) {
        try (InputStream in = MetaEvents.class.getResourceAsStream("/meta-events/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture with its page and user ids replaced. */
    public static String load(String name, String page, String psid) {
        return load(name).replace(PAGE, page).replace(PSID, psid);
    }
}
