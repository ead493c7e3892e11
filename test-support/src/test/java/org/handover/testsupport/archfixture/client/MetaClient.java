package org.handover.testsupport.archfixture.client;

/** The Meta port's implementation, used from where it should not be. */
public class MetaClient {

    public boolean send(String text) {
        return text != null;
    }
}
