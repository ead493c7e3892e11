package org.handover.handover.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Page admins' accounts (access per page), under the prefix {@code admin-access}: the sign-in throttle and the cost
 * of the password hash. Shared by the settings page's sign-in and the admin API's Basic authentication.
 */
@ConfigMapping(prefix = "admin-access")
public interface AdminAccessConfig {

    /** Consecutive failed sign-ins of one account (or of the admin token) before it is locked. */
    @WithDefault("5")
    int maxFailedSignIns();

    /** How long a locked account (or the admin token) is refused, whatever is typed. */
    @WithDefault("PT5M")
    Duration lockout();

    /** bcrypt's cost (log2 of its rounds) for new password hashes; 10 to 31. */
    @WithDefault("10")
    int bcryptCost();
}
