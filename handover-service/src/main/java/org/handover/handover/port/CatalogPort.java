package org.handover.handover.port;

import java.util.List;
import org.handover.handover.domain.GuidedCatalog;

/**
 * bot-service's catalog API as the settings page uses it: read a page's default messages, replace them. bot-service
 * alone validates them (its answer's errors are shown as they are), so the page applies exactly the API's rules.
 */
public interface CatalogPort {

    /** What reading a page's catalog found. */
    sealed interface Read permits Found, Missing, Unavailable {
    }

    record Found(GuidedCatalog catalog, long revision) implements Read {
    }

    /** No catalog for the page yet. */
    record Missing() implements Read {
    }

    /** bot-service could not be asked (not configured, unreachable, refused our token); {@code why} says which. */
    record Unavailable(String why) implements Read, Write {
    }

    /** What writing a catalog did. */
    sealed interface Write permits Saved, Invalid, Unavailable {
    }

    record Saved(long revision) implements Write {
    }

    /** bot-service's validation refused it: every problem, as its API lists them; nothing was changed. */
    record Invalid(List<String> errors) implements Write {
    }

    Read read(String pageId);

    Write write(String pageId, GuidedCatalog catalog);
}
