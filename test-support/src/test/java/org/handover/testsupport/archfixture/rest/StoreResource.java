package org.handover.testsupport.archfixture.rest;

import org.handover.testsupport.archfixture.repository.Store;

/** Breaks "resources do not touch repositories". */
public class StoreResource {

    private final Store store = new Store();

    public String get(String id) {
        return store.find(id);
    }
}
