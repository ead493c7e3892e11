package org.handover.ingress.rest;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.handover.ingress.domain.SignatureVerifier;
import org.handover.service.support.logging.LogContext;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.Test;

/**
 * The request id is the log context of a webhook's lines: a refusal's line carries it in the MDC (JSON logs'
 * {@code mdc.requestId}), the same id as the answer's {@code X-Request-Id}, and no line holds the user's text or the
 * app secret.
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class RequestLogContextTest {

    @Test
    void aRefusedWebhooksLineCarriesItsRequestIdAndNoTextOrSecret() {
        String page = Bodies.newPage();
        String text = "private words " + UUID.randomUUID();
        byte[] body = Bodies.page(page, Bodies.message("u1", page, "m", text)).getBytes(UTF_8);

        List<org.handover.testsupport.fuzz.LogCapture.Entry> entries;
        String requestId;
        try (org.handover.testsupport.fuzz.LogCapture capture = org.handover.testsupport.fuzz.LogCapture.start()) {
            Response response = given().contentType("text/plain")
                    .header(SignatureVerifier.HEADER, SignatureVerifier.sign(SignedPost.SECRET, body)).body(body)
                    .post(WebhookResource.PATH);
            assertThat(response.statusCode()).isEqualTo(415);
            requestId = response.header(WebhookResource.REQUEST_ID_HEADER);
            entries = capture.entries();
        }

        assertThat(requestId).isNotBlank();
        assertThat(entries).filteredOn(e -> e.message().startsWith("Webhook " + requestId + " refused"))
                .singleElement()
                .satisfies(line -> assertThat(line.mdc()).containsEntry(LogContext.REQUEST_ID, requestId));
        assertThat(entries).allSatisfy(line -> assertThat(line.message() + " " + line.mdc())
                .doesNotContain(text).doesNotContain(SignedPost.SECRET));
    }
}
