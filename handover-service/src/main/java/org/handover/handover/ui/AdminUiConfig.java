package org.handover.handover.ui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The settings page's sign-in, under the prefix {@code admin-ui}. The page admin signs in with the admin token
 * ({@code admin.token}); what the browser then keeps is a signed session cookie, never the token.
 */
@ConfigMapping(prefix = "admin-ui")
public interface AdminUiConfig {

    /** How long a sign-in lasts; the admin signs in again afterwards. */
    @WithDefault("PT8H")
    Duration sessionTtl();

    /**
     * Whether the session cookie is {@code Secure} (sent over HTTPS only). On by default; the dev and test profiles
     * turn it off for plain-HTTP localhost.
     */
    @WithDefault("true")
    boolean secureCookie();
}
