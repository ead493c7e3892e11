package org.handover.handover.ui;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.handover.service.support.rest.AdminToken;

/**
 * Sign-in to the settings page without JavaScript: a plain form takes an account's user name and password, or the
 * admin token, and the browser gets an {@code HttpOnly}, {@code SameSite=Strict} cookie holding a signed session
 * ({@code <expiry>.<nonce>.<signature>} for the operator, {@code <expiry>.<nonce>.<user name>.<signature>} for an
 * account), never the password or token. The signing key is derived from the admin token, so every replica accepts the same sessions and
 * changing the token ends them all. Stateless: signing out removes the cookie from the browser, and a session ends
 * at its expiry ({@link AdminUiConfig#sessionTtl()}).
 *
 * <p>Forms that change something carry a per-session CSRF token ({@link #csrfToken}), derived from the session, on
 * top of {@code SameSite=Strict}.
 */
@ApplicationScoped
public class UiSessions {

    /** The session cookie's name. */
    public static final String COOKIE = "handover_ui_session";

    /** The form field that carries the CSRF token. */
    public static final String CSRF_FIELD = "csrf";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key;
    private final AdminToken token;
    private final AdminUiConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public UiSessions(@ConfigProperty(name = "admin.token") String adminToken, AdminUiConfig config, Clock clock) {
        // A blank token would let an empty form in: no session can be opened then.
        this.key = adminToken.isBlank() ? null : hmac(adminToken.getBytes(StandardCharsets.UTF_8),
                "handover-ui-session-key-v1");
        this.token = AdminToken.of(adminToken);
        this.config = config;
        this.clock = clock;
    }

    /**
     * A signed-in session.
     *
     * @param username the account signed in, or {@code null} for the operator (the admin token)
     */
    public record Session(String id, Instant expiresAt, String username) {
    }

    /** Whether {@code candidate} is the admin token (the admin API's constant-time comparison, {@link AdminToken}). */
    public boolean tokenMatches(String candidate) {
        return token.matches(candidate);
    }

    /** A new session's cookie value, of the operator (the admin token). */
    public String open() {
        return open(null);
    }

    /**
     * A new session's cookie value, of the account {@code username} ({@code null}: the operator): the user name is
     * signed with the rest, so it cannot be changed.
     */
    public String open(String username) {
        byte[] nonce = new byte[18];
        random.nextBytes(nonce);
        String payload = clock.instant().plus(config.sessionTtl()).getEpochSecond() + "." + B64.encodeToString(nonce)
                + (username == null ? "" : "." + B64.encodeToString(username.getBytes(StandardCharsets.UTF_8)));
        return payload + "." + B64.encodeToString(hmac(key, "session:" + payload));
    }

    /** The session of a cookie value, if it is one of ours (signature) and not expired. */
    public Optional<Session> verify(String cookieValue) {
        if (key == null || cookieValue == null) {
            return Optional.empty();
        }
        int last = cookieValue.lastIndexOf('.');
        int first = cookieValue.indexOf('.');
        if (first <= 0 || last <= first) {
            return Optional.empty();
        }
        String payload = cookieValue.substring(0, last);
        byte[] signature;
        try {
            signature = B64D.decode(cookieValue.substring(last + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(hmac(key, "session:" + payload), signature)) {
            return Optional.empty();
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(payload.substring(0, first)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!expiresAt.isAfter(clock.instant())) {
            return Optional.empty();
        }
        String id = payload.substring(first + 1);
        int user = id.indexOf('.');
        String username;
        try {
            username = user < 0 ? null : new String(B64D.decode(id.substring(user + 1)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new Session(id, expiresAt, username));
    }

    /** The CSRF token of a session's forms. */
    public String csrfToken(Session session) {
        return B64.encodeToString(hmac(key, "csrf:" + session.id()));
    }

    /** Whether a form's CSRF field belongs to {@code session}. */
    public boolean csrfValid(Session session, String field) {
        return field != null && MessageDigest.isEqual(csrfToken(session).getBytes(StandardCharsets.US_ASCII),
                field.getBytes(StandardCharsets.UTF_8));
    }

    /** The cookie that carries a session. */
    public NewCookie cookie(String value) {
        return cookieBuilder(value).maxAge(Math.toIntExact(config.sessionTtl().toSeconds())).build();
    }

    /** The cookie that removes the session from the browser. */
    public NewCookie expiredCookie() {
        return cookieBuilder("").maxAge(0).build();
    }

    private NewCookie.Builder cookieBuilder(String value) {
        return new NewCookie.Builder(COOKIE).value(value).path("/ui").httpOnly(true).secure(config.secureCookie())
                .sameSite(NewCookie.SameSite.STRICT);
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
