package org.handover.ingress.domain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureVerifierTest {

    private static final String CURRENT = "current-secret";
    private static final String PREVIOUS = "previous-secret";
    private static final byte[] BODY = """
            {"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"}}]}]}"""
            .getBytes(UTF_8);

    private final SignatureVerifier verifier = new SignatureVerifier(List.of(CURRENT, PREVIOUS));

    @Test
    void acceptsBodySignedWithCurrentSecret() {
        assertThat(verifier.check(BODY, SignatureVerifier.sign(CURRENT, BODY))).isEqualTo(SignatureCheck.VALID);
    }

    @Test
    void acceptsBodySignedWithPreviousSecretDuringRotation() {
        assertThat(verifier.check(BODY, SignatureVerifier.sign(PREVIOUS, BODY))).isEqualTo(SignatureCheck.VALID);
    }

    @Test
    void rejectsBodySignedWithAnotherSecret() {
        assertThat(verifier.check(BODY, SignatureVerifier.sign("someone-else", BODY)))
                .isEqualTo(SignatureCheck.MISMATCH);
    }

    @Test
    void rejectsBodyWithOneTamperedByte() {
        String signature = SignatureVerifier.sign(CURRENT, BODY);
        for (int i = 0; i < BODY.length; i++) {
            byte[] tampered = BODY.clone();
            tampered[i] ^= 0x01;
            assertThat(verifier.check(tampered, signature)).as("byte %d flipped", i)
                    .isEqualTo(SignatureCheck.MISMATCH);
        }
    }

    @Test
    void rejectsSignatureWithOneTamperedHexDigit() {
        String signature = SignatureVerifier.sign(CURRENT, BODY);
        char last = signature.charAt(signature.length() - 1);
        String tampered = signature.substring(0, signature.length() - 1) + (last == '0' ? '1' : '0');

        assertThat(verifier.check(BODY, tampered)).isEqualTo(SignatureCheck.MISMATCH);
    }

    @Test
    void reportsMissingHeader() {
        assertThat(verifier.check(BODY, null)).isEqualTo(SignatureCheck.MISSING);
        assertThat(verifier.check(BODY, "  ")).isEqualTo(SignatureCheck.MISSING);
    }

    @Test
    void reportsLegacySha1SignatureAsMalformed() {
        // The value a legacy X-Hub-Signature header carries: a SHA-1 HMAC is not accepted in place of SHA-256.
        assertThat(verifier.check(BODY, "sha1=0123456789abcdef0123456789abcdef01234567"))
                .isEqualTo(SignatureCheck.MALFORMED);
        assertThat(verifier.check(BODY, "sha1=")).isEqualTo(SignatureCheck.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256=", "sha256", "sha512=%s", "md5=%s", "%s", "sha256:%s", "sha256=%s00",
            "sha256=%.62s", "sha256 =%s"})
    void reportsMalformedHeaders(String template) {
        String hex = SignatureVerifier.sign(CURRENT, BODY).substring("sha256=".length());

        assertThat(verifier.check(BODY, template.formatted(hex))).isEqualTo(SignatureCheck.MALFORMED);
    }

    @Test
    void reportsNonHexDigitsAsMalformed() {
        String hex = SignatureVerifier.sign(CURRENT, BODY).substring("sha256=".length());

        assertThat(verifier.check(BODY, "sha256=" + "zz" + hex.substring(2))).isEqualTo(SignatureCheck.MALFORMED);
        // Digits of another script pass Character.digit but are not hex.
        assertThat(verifier.check(BODY, "sha256=" + "\u0661" + hex.substring(1)))
                .isEqualTo(SignatureCheck.MALFORMED);
    }

    @Test
    void acceptsUpperCaseHexAndPrefix() {
        String signature = SignatureVerifier.sign(CURRENT, BODY);

        assertThat(verifier.check(BODY, "sha256=" + signature.substring(7).toUpperCase(Locale.ROOT)))
                .isEqualTo(SignatureCheck.VALID);
        assertThat(verifier.check(BODY, signature.toUpperCase(Locale.ROOT))).isEqualTo(SignatureCheck.VALID);
    }

    @Test
    void verifiesEscapedUnicodeOverTheRawBytes() {
        // Meta signs the body as sent, with "é" escaped; the same JSON with the character itself is other bytes.
        byte[] escaped = "{\"text\":\"caf\\u00e9\"}".getBytes(UTF_8);
        byte[] decoded = "{\"text\":\"café\"}".getBytes(UTF_8);
        String signature = SignatureVerifier.sign(CURRENT, escaped);

        assertThat(verifier.check(escaped, signature)).isEqualTo(SignatureCheck.VALID);
        assertThat(verifier.check(decoded, signature)).isEqualTo(SignatureCheck.MISMATCH);
    }

    @Test
    void signsLikeMetaLowerCaseHex() {
        assertThat(SignatureVerifier.sign(CURRENT, BODY)).matches("sha256=[0-9a-f]{64}");
    }

    @Test
    void ignoresBlankSecretsButNeedsOne() {
        assertThat(new SignatureVerifier(List.of(" ", CURRENT, "")).secretCount()).isEqualTo(1);
        assertThatThrownBy(() -> new SignatureVerifier(List.of(" "))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Checks share one verifier across the event loops: no check may see another's state, however they interleave. */
    @Test
    void checksOnManyThreadsAtOnceEachGetTheirOwnAnswer() throws Exception {
        int threads = 4;
        int checks = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                wrong.add(pool.submit(() -> {
                    int mistakes = 0;
                    for (int i = 0; i < checks; i++) {
                        byte[] body = ("{\"object\":\"page\",\"n\":" + thread + "_" + i + "}").getBytes(UTF_8);
                        String secret = i % 2 == 0 ? CURRENT : PREVIOUS;
                        boolean forged = i % 3 == 0;
                        String signature = SignatureVerifier.sign(forged ? "forged" : secret, body);
                        SignatureCheck expected = forged ? SignatureCheck.MISMATCH : SignatureCheck.VALID;
                        if (verifier.check(body, signature) != expected) {
                            mistakes++;
                        }
                    }
                    return mistakes;
                }));
            }
            for (Future<Integer> mistakes : wrong) {
                assertThat(mistakes.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
