package org.handover.testsupport.archfixture.repository;

/** A repository, for the resource that should not use it. */
public class Store {

    public String find(String id) {
        return id;
    }
}
