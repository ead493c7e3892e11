package org.handover.bot.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.handover.service.support.jdbc.Sql;

/** The repositories' {@link Sql}, over the service's one data source (its JTA transaction's connection inside one). */
@ApplicationScoped
public class SqlProducer {

    @Produces
    @ApplicationScoped
    Sql sql(AgroalDataSource dataSource) {
        return new Sql(dataSource);
    }
}
