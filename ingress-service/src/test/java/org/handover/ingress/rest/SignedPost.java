package org.handover.ingress.rest;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.restassured.response.Response;
import org.handover.ingress.domain.SignatureVerifier;

/** Posts webhook bodies the way Meta does, signed with the test profile's current secret. */
final class SignedPost {

    static final String SECRET = "test-secret-current";
    static final String PREVIOUS_SECRET = "test-secret-previous";

    private SignedPost() {
    }

    static Response post(String body) {
        return post(body.getBytes(UTF_8), SignatureVerifier.sign(SECRET, body.getBytes(UTF_8)));
    }

    static Response post(byte[] body, String signature) {
        var request = given().contentType("application/json").body(body);
        if (signature != null) {
            request = request.header(SignatureVerifier.HEADER, signature);
        }
        return request.post(WebhookResource.PATH);
    }
}
