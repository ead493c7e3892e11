package org.handover.handover.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.handover.handover.domain.GuidedCatalog;
import org.handover.handover.port.CatalogPort;
import org.jboss.logging.Logger;

/**
 * {@link CatalogPort} over bot-service's catalog admin API (REST client {@code bot-catalog}: {@code BOT_CATALOG_URL},
 * bearer {@code BOT_ADMIN_TOKEN}). Never throws: an unreachable service or a refused token is
 * {@link CatalogPort.Unavailable}. Logs name the page and the status, never a text or the token.
 */
@ApplicationScoped
public class BotCatalogClient implements CatalogPort {

    private static final Logger LOG = Logger.getLogger(BotCatalogClient.class);

    private final BotCatalogRestClient client;
    private final Optional<String> token;
    private final ObjectMapper json;

    public BotCatalogClient(@RestClient BotCatalogRestClient client,
            @ConfigProperty(name = "bot-catalog.admin-token") Optional<String> token, ObjectMapper json) {
        this.client = client;
        this.token = token.filter(t -> !t.isBlank());
        this.json = json;
    }

    @Override
    public Read read(String pageId) {
        if (token.isEmpty()) {
            return new Unavailable("not_configured");
        }
        try (Response response = call(() -> client.get(pageId, "Bearer " + token.get()))) {
            int status = response.getStatus();
            if (status == 200) {
                JsonNode body = json.readTree(response.readEntity(String.class));
                return new Found(json.treeToValue(body.get("catalog"), GuidedCatalog.class),
                        body.path("revision").asLong());
            }
            if (status == 404) {
                return new Missing();
            }
            LOG.warnf("bot-service's catalog API answered %d reading page %s's catalog", status, pageId);
            return new Unavailable(status == 401 ? "token_refused" : "status_" + status);
        } catch (ProcessingException | java.io.IOException e) {
            LOG.warnf("bot-service's catalog API could not be reached reading page %s's catalog (%s)", pageId,
                    e.getClass().getSimpleName());
            return new Unavailable("unreachable");
        }
    }

    @Override
    public Write write(String pageId, GuidedCatalog catalog) {
        if (token.isEmpty()) {
            return new Unavailable("not_configured");
        }
        try {
            String body = json.writeValueAsString(catalog);
            try (Response response = call(() -> client.put(pageId, "Bearer " + token.get(), body))) {
                int status = response.getStatus();
                if (status == 200) {
                    return new Saved(json.readTree(response.readEntity(String.class)).path("revision").asLong());
                }
                if (status == 422 || status == 400) {
                    List<String> errors = new ArrayList<>();
                    json.readTree(response.readEntity(String.class)).path("errors")
                            .forEach(e -> errors.add(e.asText()));
                    return new Invalid(errors.isEmpty() ? List.of("the catalog was refused") : errors);
                }
                LOG.warnf("bot-service's catalog API answered %d saving page %s's catalog", status, pageId);
                return new Unavailable(status == 401 ? "token_refused" : "status_" + status);
            }
        } catch (ProcessingException | java.io.IOException e) {
            LOG.warnf("bot-service's catalog API could not be reached saving page %s's catalog (%s)", pageId,
                    e.getClass().getSimpleName());
            return new Unavailable("unreachable");
        }
    }

    /** The REST client throws for 4xx/5xx answers: their response is the answer all the same. */
    private static Response call(java.util.function.Supplier<Response> request) {
        try {
            return request.get();
        } catch (WebApplicationException e) {
            return e.getResponse();
        }
    }
}
