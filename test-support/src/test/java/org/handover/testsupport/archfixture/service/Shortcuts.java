package org.handover.testsupport.archfixture.service;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.handover.testsupport.archfixture.client.MetaClient;
import org.handover.testsupport.archfixture.config.ModeConfig;

/**
 * Breaks the client, shadow-mode and database rules: calls HTTP itself, uses client directly, asks for shadow mode,
 * opens a database connection outside repository.
 */
public class Shortcuts {

    public HttpRequest request() {
        return HttpRequest.newBuilder(URI.create("http://localhost/")).build();
    }

    public boolean send(MetaClient client, ModeConfig config, String text) {
        return !config.shadowMode() && client.send(text);
    }

    public boolean reachable(DataSource database) throws SQLException {
        try (var connection = database.getConnection()) {
            return connection.isValid(1);
        }
    }
}
