package org.handover.bot;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the build stores in {@code openapi/} (quarkus.smallrye-openapi.store-schema-directory, linked
 * from the README) lists every admin path, each behind the admin bearer token, and is the document the service serves.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class StoredOpenApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path STORED = Path.of("openapi", "openapi.json");

    @Test
    void theStoredDocumentListsEveryAdminPathBehindTheAdminToken() throws Exception {
        assertThat(STORED).isRegularFile();
        assertThat(Path.of("openapi", "openapi.yaml")).isRegularFile();
        JsonNode stored = JSON.readTree(Files.readString(STORED));
        JsonNode served = JSON.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract()
                .asString());

        List<String> adminPaths = names(stored.path("paths")).stream().filter(p -> p.startsWith("/admin/catalogs/")).toList();
        assertThat(adminPaths).contains("/admin/catalogs/{pageId}");
        assertThat(names(stored.path("paths"))).containsExactlyInAnyOrderElementsOf(names(served.path("paths")));
        for (String path : adminPaths) {
            for (String method : names(stored.path("paths").path(path))) {
                if (method.equals("parameters")) {
                    continue;
                }
                JsonNode operation = stored.path("paths").path(path).path(method);
                assertThat(operation.path("security").toString()).as("%s %s", method, path).contains("admin-token");
                assertThat(names(operation.path("responses"))).as("%s %s", method, path).contains("401");
            }
        }
        assertThat(stored.path("components").path("securitySchemes").path("admin-token").path("scheme").asText())
                .isEqualTo("bearer");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
