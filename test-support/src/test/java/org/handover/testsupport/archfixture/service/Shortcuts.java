package org.handover.testsupport.archfixture.service;

import java.net.URI;
import java.net.http.HttpRequest;
import org.handover.testsupport.archfixture.client.MetaClient;
import org.handover.testsupport.archfixture.config.ModeConfig;

/** Breaks the client and shadow-mode rules: calls HTTP itself, uses client directly, asks for shadow mode. */
public class Shortcuts {

    public HttpRequest request() {
        return HttpRequest.newBuilder(URI.create("http://localhost/")).build();
    }

    public boolean send(MetaClient client, ModeConfig config, String text) {
        return !config.shadowMode() && client.send(text);
    }
}
