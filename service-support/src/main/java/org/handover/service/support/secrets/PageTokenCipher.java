package org.handover.service.support.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens page access tokens with AES-256-GCM (the JDK's own), so that a token connected through the admin
 * API is stored (handover-service's table) and travels (the {@code page.connections} topic) only encrypted. Plain
 * Java, no framework types.
 *
 * <ul>
 *   <li><b>Keys</b>: the current key (32 bytes, base64 in {@code PAGE_TOKEN_KEY}) with its id
 *       ({@code PAGE_TOKEN_KEY_ID}, default {@code 1}), and previous keys that still open what they sealed
 *       ({@code PAGE_TOKEN_PREVIOUS_KEYS}: {@code id:base64,id:base64}). The key id is stored beside every
 *       ciphertext, so a key rotation is: add the new key as current, keep the old one as previous, reconnect (or
 *       rotate) the pages, then drop the old key.</li>
 *   <li><b>Ciphertext</b>: base64 of a random 12-byte IV followed by the GCM output (ciphertext and 128-bit tag).
 *       The page id is the additional authenticated data: a ciphertext copied onto another page does not open.</li>
 *   <li><b>Failures</b> ({@link Unreadable}: unknown key id, wrong key, tampered or truncated ciphertext) never carry
 *       the token or the key in their message.</li>
 * </ul>
 */
public final class PageTokenCipher {

    /** AES-256: the key length, in bytes. */
    public static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys;

    /**
     * @param currentKeyId the id of the key new tokens are sealed with
     * @param keys         every key by id, the current one included; each exactly {@value #KEY_BYTES} bytes
     * @throws IllegalArgumentException naming the rule (never the key) when an id or a key is not valid
     */
    public PageTokenCipher(String currentKeyId, Map<String, byte[]> keys) {
        if (currentKeyId == null || !KEY_ID.matcher(currentKeyId).matches()) {
            throw new IllegalArgumentException("The page token key id must be 1 to 64 letters, digits, '.', '_', '-'");
        }
        Map<String, SecretKeySpec> specs = new LinkedHashMap<>();
        keys.forEach((id, key) -> {
            if (id == null || !KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("A page token key id must be 1 to 64 letters, digits, '.', '_', '-'");
            }
            if (key == null || key.length != KEY_BYTES) {
                throw new IllegalArgumentException("The page token key '" + id + "' must be " + KEY_BYTES
                        + " bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
            }
            specs.put(id, new SecretKeySpec(key.clone(), "AES"));
        });
        if (!specs.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("No page token key has the current id '" + currentKeyId + "'");
        }
        this.currentKeyId = currentKeyId;
        this.keys = Map.copyOf(specs);
    }

    /**
     * The cipher of the configuration, or empty when no key is configured (connecting pages is then off; tokens from
     * the environment still work).
     *
     * @param keyId        {@code PAGE_TOKEN_KEY_ID}
     * @param key          {@code PAGE_TOKEN_KEY}: base64 of 32 bytes
     * @param previousKeys {@code PAGE_TOKEN_PREVIOUS_KEYS}: {@code id:base64} entries separated by commas
     * @throws IllegalArgumentException naming the variable and the rule (never the key) when a value is not valid
     */
    public static Optional<PageTokenCipher> fromConfig(String keyId, Optional<String> key,
            Optional<String> previousKeys) {
        if (key.isEmpty() || key.get().isBlank()) {
            return Optional.empty();
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        previousKeys.filter(value -> !value.isBlank()).ifPresent(value -> {
            for (String entry : value.split(",")) {
                int colon = entry.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("PAGE_TOKEN_PREVIOUS_KEYS must be id:base64 entries separated "
                            + "by commas");
                }
                keys.put(entry.substring(0, colon).trim(), decode("PAGE_TOKEN_PREVIOUS_KEYS",
                        entry.substring(colon + 1).trim()));
            }
        });
        keys.put(keyId, decode("PAGE_TOKEN_KEY", key.get().trim()));
        return Optional.of(new PageTokenCipher(keyId, keys));
    }

    private static byte[] decode(String variable, String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " is not valid base64", null);
        }
    }

    /** The id of the key that {@link #seal} uses. */
    public String currentKeyId() {
        return currentKeyId;
    }

    /** Whether a ciphertext sealed with {@code keyId} can be opened here. */
    public boolean knows(String keyId) {
        return keys.containsKey(keyId);
    }

    /** Encrypts {@code token} of {@code pageId} with the current key; a fresh random IV every time. */
    public Sealed seal(String pageId, String token) {
        if (pageId == null || token == null) {
            throw new IllegalArgumentException("A page id and a token are required");
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(pageId));
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return new Sealed(currentKeyId, Base64.getEncoder().encodeToString(out));
        } catch (GeneralSecurityException e) {
            // AES/GCM is in every JDK; reaching this is a broken runtime, and the message names no secret.
            throw new IllegalStateException("AES-GCM is not available: " + e.getClass().getSimpleName(), null);
        }
    }

    /**
     * Decrypts what {@link #seal} made for {@code pageId}.
     *
     * @throws Unreadable when the key id is unknown here, the key is not the one that sealed it, or the ciphertext
     *     (or the page id) was changed
     */
    public String open(String pageId, String keyId, String ciphertext) {
        SecretKeySpec key = keyId == null ? null : keys.get(keyId);
        if (key == null) {
            throw new Unreadable("no page token key with id '" + keyId + "' is configured here");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(ciphertext == null ? "" : ciphertext);
        } catch (IllegalArgumentException e) {
            throw new Unreadable("the ciphertext is not base64");
        }
        if (in.length < IV_BYTES + TAG_BITS / 8) {
            throw new Unreadable("the ciphertext is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(aad(pageId == null ? "" : pageId));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new Unreadable("the ciphertext does not open with key '" + keyId + "' for this page (wrong key, "
                    + "or changed)");
        } catch (GeneralSecurityException e) {
            throw new Unreadable("the ciphertext could not be decrypted (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * A short one-way fingerprint of a token (the first 16 bytes of its SHA-256, hex), to tell whether two tokens are
     * the same (the one Meta rejected, the one in use now) without keeping or sending the token. Page access tokens
     * are long random strings, so the fingerprint gives nothing away.
     */
    public static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", null);
        }
    }

    private static byte[] aad(String pageId) {
        return ("page-token:" + pageId).getBytes(StandardCharsets.UTF_8);
    }

    /** A sealed token: the key id and the base64 ciphertext; neither is secret without the key. */
    public record Sealed(String keyId, String ciphertext) {
    }

    /** A ciphertext that cannot be opened here; the message says why, never a token or a key. */
    public static final class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
