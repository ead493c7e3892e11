package org.handover.contracts.links;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token of a tracked link ({@code <TRACKING_BASE_URL><token>}): made by handover-service when it orders a
 * bulletin's copy and by bot-service when it sends a guided answer whose page tracks them, read by ingress-service
 * when the user clicks. Plain Java, no lookup on either side.
 *
 * <p>The token carries a {@link Link}: the bulletin, the link's index in its text, the recipient (page and psid)
 * and the original URL. All of it is <em>encrypted</em> and <em>signed</em>, so the URL shows neither a user id nor
 * text, and nobody without the key can make a token that verifies: ingress redirects only to URLs that handover-service
 * put in a token, i.e. links an admin wrote in a bulletin, or bot-service put in one, i.e. links of the page's guided answers (no open
 * redirect).
 *
 * <p>Construction (a synthetic-IV scheme, deterministic authenticated encryption): from the secret, two keys are
 * derived, {@code macKey = HMAC-SHA256(secret, "mh-link-mac-v1")} and {@code encKey = HMAC-SHA256(secret,
 * "mh-link-enc-v1")}. The token is {@code version(1) || tag(16) || AES-256-CTR(encKey, iv = tag, plaintext)} in
 * base64url without padding, where {@code tag} is {@code HMAC-SHA256(macKey, version || plaintext)} cut to 128 bits.
 * Reading decrypts with the tag as IV and checks the recomputed tag in constant time before anything of the plaintext
 * is used. Compared with AES-GCM plus a random nonce and a separate HMAC, this is 28 bytes shorter (the URL stays
 * shorter in the user's message) and a re-ordered copy gets the same token.
 *
 * <p>Two kinds of link, told apart by the version byte (which the tag covers, so one kind can never be read as the
 * other): {@value #VERSION} a bulletin's link (plaintext: bulletin id as 16 bytes, link index, page, psid, URL), and
 * {@value #GUIDED_ANSWER_VERSION} a guided answer's link (plaintext: the answer's key, i.e. its payload, as its length
 * 1-{@value #MAX_ANSWER_KEY_BYTES} and UTF-8 bytes, then link index, page, psid, URL). Bulletin tokens sent before
 * guided answers were tracked are version 1 and read as before.
 *
 * <p>Several secrets may be configured: the first makes tokens, every one is tried when reading (rotation: links
 * already sent keep working while the previous secret is still listed).
 */
public final class LinkToken {

    /** Format version of a bulletin's link, first byte of its token. */
    public static final byte VERSION = 1;
    /** Format version of a guided answer's link, first byte of its token. */
    public static final byte GUIDED_ANSWER_VERSION = 2;
    /** Longest answer key (a guided answer's payload) a token carries, in UTF-8 bytes. */
    public static final int MAX_ANSWER_KEY_BYTES = 64;
    /** Shortest secret accepted (characters). */
    public static final int MIN_SECRET_LENGTH = 32;
    /** Longest URL a token carries (characters). */
    public static final int MAX_URL_LENGTH = 1000;
    /** Longest token read at all (characters): anything longer is refused before any work. */
    public static final int MAX_TOKEN_LENGTH = 2048;

    private static final int TAG_BYTES = 16;
    private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern NUMERIC_ID = Pattern.compile("[1-9][0-9]{0,17}");

    /** Which kind of message a tracked link was sent in. */
    public enum Kind {
        /** A bulletin's copy ({@link Link#bulletinId}). */
        BULLETIN,
        /** A guided answer of the page's catalog ({@link Link#answerKey}). */
        GUIDED_ANSWER
    }

    /**
     * What a token says: whose click on which link of which message, and where it leads. Exactly one of
     * {@code bulletinId} (a bulletin's link) and {@code answerKey} (a guided answer's link: the answer's payload) is set.
     */
    public record Link(UUID bulletinId, String answerKey, int linkIndex, String pageId, String psid, String url) {

        /** A bulletin's link. */
        public Link(UUID bulletinId, int linkIndex, String pageId, String psid, String url) {
            this(bulletinId, null, linkIndex, pageId, psid, url);
        }

        /** A guided answer's link: the {@code linkIndex}-th link of the answer to {@code answerKey}. */
        public static Link guidedAnswer(String answerKey, int linkIndex, String pageId, String psid, String url) {
            return new Link(null, answerKey, linkIndex, pageId, psid, url);
        }

        /** Which kind of message the link was sent in. */
        public Kind kind() {
            return answerKey != null ? Kind.GUIDED_ANSWER : Kind.BULLETIN;
        }
    }

    private record Keys(SecretKeySpec mac, SecretKeySpec enc) {
    }

    private final List<Keys> keys;

    private LinkToken(List<Keys> keys) {
        this.keys = keys;
    }

    /**
     * Tokens made with the first secret, read with any of them.
     *
     * @throws IllegalArgumentException when there is no secret or one is shorter than {@value #MIN_SECRET_LENGTH}
     *     characters (the message never quotes a secret)
     */
    public static LinkToken withSecrets(List<String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("no link signing key configured");
        }
        List<Keys> keys = new ArrayList<>();
        for (String secret : secrets) {
            if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("a link signing key must have at least " + MIN_SECRET_LENGTH
                        + " characters");
            }
            byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
            keys.add(new Keys(new SecretKeySpec(hmac(raw, "mh-link-mac-v1".getBytes(StandardCharsets.US_ASCII)),
                    "HmacSHA256"),
                    new SecretKeySpec(hmac(raw, "mh-link-enc-v1".getBytes(StandardCharsets.US_ASCII)), "AES")));
        }
        return new LinkToken(List.copyOf(keys));
    }

    /**
     * The token of {@code link}.
     *
     * @throws IllegalArgumentException when the link index is outside 0-255, an id is empty or over 64 characters,
     *     the link names both or neither a bulletin and an answer, the answer key is not {@link #isTrackableAnswerKey
     *     trackable}, or the URL is not a {@link #isTrackable trackable} one
     */
    public String make(Link link) {
        if (link.linkIndex() < 0 || link.linkIndex() > 255) {
            throw new IllegalArgumentException("link index outside 0-255");
        }
        if (!isTrackable(link.url())) {
            throw new IllegalArgumentException("not a trackable http(s) URL");
        }
        if ((link.bulletinId() == null) == (link.answerKey() == null)) {
            throw new IllegalArgumentException("a link names either a bulletin or a guided answer");
        }
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        byte version;
        if (link.bulletinId() != null) {
            version = VERSION;
            ByteBuffer uuid = ByteBuffer.allocate(16);
            uuid.putLong(link.bulletinId().getMostSignificantBits())
                    .putLong(link.bulletinId().getLeastSignificantBits());
            plain.writeBytes(uuid.array());
        } else {
            if (!isTrackableAnswerKey(link.answerKey())) {
                throw new IllegalArgumentException("an answer key of 1-" + MAX_ANSWER_KEY_BYTES + " bytes is required");
            }
            version = GUIDED_ANSWER_VERSION;
            byte[] key = link.answerKey().getBytes(StandardCharsets.UTF_8);
            plain.write(key.length);
            plain.writeBytes(key);
        }
        plain.write(link.linkIndex());
        writeId(plain, link.pageId());
        writeId(plain, link.psid());
        plain.writeBytes(link.url().getBytes(StandardCharsets.UTF_8));
        byte[] plaintext = plain.toByteArray();
        Keys k = keys.get(0);
        byte[] tag = tag(k, version, plaintext);
        byte[] cipher = ctr(k, tag, plaintext);
        byte[] token = new byte[1 + TAG_BYTES + cipher.length];
        token[0] = version;
        System.arraycopy(tag, 0, token, 1, TAG_BYTES);
        System.arraycopy(cipher, 0, token, 1 + TAG_BYTES, cipher.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /**
     * What {@code token} says, or empty when it is not one of ours: malformed, truncated, altered, of another version
     * or made with a secret not configured here. Never throws; says nothing about why.
     */
    public Optional<Link> read(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH || !TOKEN_CHARS.matcher(token).matches()) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length < 1 + TAG_BYTES + 2 + 1 + 2 + 2 + 1
                || bytes[0] != VERSION && bytes[0] != GUIDED_ANSWER_VERSION
                || bytes[0] == VERSION && bytes.length < 1 + TAG_BYTES + 16 + 1 + 2 + 2 + 1) {
            return Optional.empty();
        }
        byte version = bytes[0];
        byte[] tag = new byte[TAG_BYTES];
        System.arraycopy(bytes, 1, tag, 0, TAG_BYTES);
        byte[] cipher = new byte[bytes.length - 1 - TAG_BYTES];
        System.arraycopy(bytes, 1 + TAG_BYTES, cipher, 0, cipher.length);
        for (Keys k : keys) {
            byte[] plaintext = ctr(k, tag, cipher);
            if (MessageDigest.isEqual(tag, tag(k, version, plaintext))) {
                return parse(version, plaintext);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code url} can be tracked: an absolute http(s) URL with a host, at most {@value #MAX_URL_LENGTH}. */
    public static boolean isTrackable(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_URL_LENGTH) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** Whether {@code answerKey} can name a guided answer in a token: 1 to {@value #MAX_ANSWER_KEY_BYTES} bytes. */
    public static boolean isTrackableAnswerKey(String answerKey) {
        return answerKey != null && !answerKey.isEmpty()
                && answerKey.getBytes(StandardCharsets.UTF_8).length <= MAX_ANSWER_KEY_BYTES;
    }

    /**
     * The length in characters of the token of a bulletin's link to {@code url} whose page and psid are Meta's
     * numeric ids (the longest an ordinary link's token gets): what a bulletin's text grows by is known when it is
     * composed.
     */
    public static int tokenLength(String url) {
        return encodedLength(1 + TAG_BYTES + 16 + 1 + 9 + 9 + url.getBytes(StandardCharsets.UTF_8).length);
    }

    /**
     * {@link #tokenLength(String)} for the link to {@code url} of the guided answer to {@code answerKey}: what the
     * answer's text grows by is known when the catalog is saved.
     */
    public static int tokenLength(String answerKey, String url) {
        return encodedLength(1 + TAG_BYTES + 1 + answerKey.getBytes(StandardCharsets.UTF_8).length + 1 + 9 + 9
                + url.getBytes(StandardCharsets.UTF_8).length);
    }

    private static int encodedLength(int bytes) {
        return (bytes * 4 + 2) / 3;
    }

    private static Optional<Link> parse(byte version, byte[] plaintext) {
        ByteBuffer in = ByteBuffer.wrap(plaintext);
        try {
            UUID bulletin = null;
            String answerKey = null;
            if (version == VERSION) {
                bulletin = new UUID(in.getLong(), in.getLong());
            } else {
                int length = in.get() & 0xff;
                if (length == 0 || length > MAX_ANSWER_KEY_BYTES) {
                    return Optional.empty();
                }
                byte[] key = new byte[length];
                in.get(key);
                answerKey = new String(key, StandardCharsets.UTF_8);
            }
            int index = in.get() & 0xff;
            String page = readId(in);
            String psid = readId(in);
            byte[] url = new byte[in.remaining()];
            in.get(url);
            String target = new String(url, StandardCharsets.UTF_8);
            // Only what make() wrote verifies; checked again so that a reader never redirects to anything else.
            return isTrackable(target) ? Optional.of(new Link(bulletin, answerKey, index, page, psid, target))
                    : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Meta's numeric ids as 8 bytes after a 0 byte; anything else as its length (1-64) and UTF-8 bytes. */
    private static void writeId(ByteArrayOutputStream out, String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("an id is required");
        }
        if (NUMERIC_ID.matcher(id).matches()) {
            out.write(0);
            out.writeBytes(ByteBuffer.allocate(8).putLong(Long.parseLong(id)).array());
            return;
        }
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 64) {
            throw new IllegalArgumentException("an id of over 64 bytes");
        }
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static String readId(ByteBuffer in) {
        int length = in.get() & 0xff;
        if (length == 0) {
            return Long.toString(in.getLong());
        }
        if (length > 64) {
            throw new IllegalArgumentException("id too long");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] tag(Keys k, byte version, byte[] plaintext) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(k.mac());
            mac.update(version);
            byte[] full = mac.doFinal(plaintext);
            byte[] tag = new byte[TAG_BYTES];
            System.arraycopy(full, 0, tag, 0, TAG_BYTES);
            return tag;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static byte[] ctr(Keys k, byte[] iv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, k.enc(), new IvParameterSpec(iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
