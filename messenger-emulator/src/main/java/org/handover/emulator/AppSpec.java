package org.handover.emulator;

import java.net.URI;
import java.util.Objects;

/**
 * An app on the emulated platform.
 *
 * @param id      the app id
 * @param name    a display name (the transcript shows it)
 * @param secret  the app secret that signs this app's webhooks; null for an app without a webhook
 * @param webhook where this app's webhooks are POSTed; null for an app played inside the emulator (the Page Inbox)
 */
public record AppSpec(String id, String name, String secret, URI webhook) {

    public AppSpec {
        Objects.requireNonNull(id, "id");
        name = name == null ? id : name;
        if (webhook != null && (secret == null || secret.isEmpty())) {
            throw new IllegalArgumentException("App " + id + " has a webhook but no secret to sign it with");
        }
    }

    /** The Page Inbox, played by the emulator. */
    public static AppSpec pageInbox() {
        return new AppSpec(org.handover.contracts.Messenger.PAGE_INBOX_APP_ID, "Page Inbox", null, null);
    }

    /** Whether this app's webhooks go out over HTTP. */
    public boolean external() {
        return webhook != null;
    }

    @Override
    public String toString() {
        // Never the secret.
        return "AppSpec[id=" + id + ", name=" + name + ", webhook=" + webhook + "]";
    }
}
