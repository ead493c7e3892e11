package org.handover.routing;

import org.handover.testsupport.ArchitectureContract;

/** The package rules every service keeps, on routing-service's main classes. */
class ArchitectureTest extends ArchitectureContract {
    ArchitectureTest() {
        super("org.handover.routing");
    }
}
