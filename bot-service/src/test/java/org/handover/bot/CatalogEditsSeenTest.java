package org.handover.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.handover.bot.domain.CatalogAnswer;
import org.handover.bot.domain.CatalogDocument;
import org.handover.bot.domain.CatalogMessage;
import org.handover.bot.repository.PageCatalogRepository;
import org.handover.bot.service.CatalogService;
import org.handover.contracts.ContractJson;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.junit.jupiter.api.Test;

/**
 * A page's catalog is parsed once per revision ({@link CatalogService#find}), yet every edit is seen by the next
 * order, also one stored by another replica (written here to the table directly, past this replica's service).
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class CatalogEditsSeenTest {

    private static final String PAGE = "930000000000001";

    @Inject
    CatalogService catalogs;

    @Inject
    PageCatalogRepository rows;

    @Test
    void anEditByAnotherReplicaIsSeenByTheNextLookUp() {
        storeAsAnotherReplica(catalog("We open at nine."));
        assertThat(welcomeText()).isEqualTo("We open at nine.");
        assertThat(welcomeText()).isEqualTo("We open at nine.");

        storeAsAnotherReplica(catalog("We open at ten."));
        assertThat(welcomeText()).isEqualTo("We open at ten.");

        QuarkusTransaction.requiringNew().run(() -> rows.store(PAGE, null, Instant.now()));
        assertThat(catalogs.find(PAGE)).isEmpty();

        storeAsAnotherReplica(catalog("We open at eleven."));
        assertThat(welcomeText()).isEqualTo("We open at eleven.");
        assertThat(catalogs.find(PAGE)).get().extracting(CatalogService.StoredCatalog::revision).isEqualTo(4L);
    }

    private String welcomeText() {
        return catalogs.find(PAGE).orElseThrow().catalog().welcome().text();
    }

    private void storeAsAnotherReplica(CatalogDocument document) {
        QuarkusTransaction.requiringNew().run(() -> rows.store(PAGE, ContractJson.toJson(document), Instant.now()));
    }

    private static CatalogDocument catalog(String welcome) {
        return new CatalogDocument(PAGE, new CatalogAnswer("GET_STARTED", "Main menu", List.of("menu"), welcome,
                List.of()), List.of(), new CatalogMessage("Sorry, I did not get that.", List.of()));
    }
}
