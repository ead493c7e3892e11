package org.handover.service.support.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filter as Quarkus runs it, on resources of this test only. (That a service finds it in this jar, through its
 * beans.xml, is shown by the services' own admin tests.)
 */
@QuarkusTest
class AdminTokenFilterTest {

    private static final String TOKEN = "test-admin-token";

    /** An admin resource, guarded as a whole. */
    @Path("/admin/things")
    @AdminApi
    @Produces(MediaType.TEXT_PLAIN)
    public static class AdminThings {
        @GET
        public String list() {
            return "admin things";
        }
    }

    /** A resource with one admin method and one open one. */
    @Path("/mixed")
    @Produces(MediaType.TEXT_PLAIN)
    public static class Mixed {
        @GET
        @Path("/open")
        public String open() {
            return "open";
        }

        @GET
        @Path("/admin")
        @AdminApi
        public String admin() {
            return "admin";
        }
    }

    /** Not an admin resource, although its path starts like one. */
    @Path("/administrators-guide")
    @Produces(MediaType.TEXT_PLAIN)
    public static class Guide {
        @GET
        public String read() {
            return "guide";
        }
    }

    @Test
    void refusesARequestWithoutTheTokenWithABearerChallengeAndAJsonError() {
        Response response = given().get("/admin/things");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.jsonPath().getString("reason")).isEqualTo("unauthorized");
        assertThat(response.jsonPath().getString("message")).isEqualTo("This API needs the admin bearer token.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong-token", "Bearer test-admin-tokem", "Bearer ", "Bearer", "Basic " + TOKEN,
        TOKEN, "Bearer test-admin-token-and-more"})
    void refusesAWrongOrMalformedAuthorization(String authorization) {
        given().header("Authorization", authorization).get("/admin/things").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer " + TOKEN, "bearer " + TOKEN, "Bearer  " + TOKEN + " "})
    void letsTheAdminTokenThrough(String authorization) {
        assertThat(given().header("Authorization", authorization).get("/admin/things").then().statusCode(200)
                .extract().asString()).isEqualTo("admin things");
    }

    @Test
    void guardsAnAdminMethodAndLeavesItsNeighbourOpen() {
        given().get("/mixed/admin").then().statusCode(401);
        given().auth().oauth2(TOKEN).get("/mixed/admin").then().statusCode(200);
        assertThat(given().get("/mixed/open").then().statusCode(200).extract().asString()).isEqualTo("open");
    }

    @Test
    void leavesNonAdminPathsOpenEvenWhenTheyStartLikeAnAdminPath() {
        assertThat(given().get("/administrators-guide").then().statusCode(200).extract().asString())
                .isEqualTo("guide");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/things/", "//admin/things", "/admin//things", "/%61dmin/things",
        "/admin/%74hings", "/admin/things;x=1", "/admin/./things", "/mixed/../admin/things", "/ADMIN/things",
        "/admin/things?access=1", "/admin/things%2F"})
    void noOtherSpellingOfAnAdminPathGetsRoundTheFilter(String path) {
        Response response = given().urlEncodingEnabled(false).get(path);

        assertThat(response.statusCode()).as("%s without a token", path).isIn(401, 404);
        assertThat(response.asString()).as("%s without a token", path).doesNotContain("admin things");
    }
}
