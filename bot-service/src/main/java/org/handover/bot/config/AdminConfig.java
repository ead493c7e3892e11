package org.handover.bot.config;

import io.smallrye.config.ConfigMapping;

/** The admin API's settings ({@code admin.*}). */
@ConfigMapping(prefix = "admin")
public interface AdminConfig {

    /** The bearer token of {@code /admin/**} ({@code ADMIN_TOKEN}); no default in production. */
    String token();
}
