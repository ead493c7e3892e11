package org.handover.handover;

import org.handover.testsupport.ArchitectureContract;

/** The package rules every service keeps, on handover-service's main classes. */
class ArchitectureTest extends ArchitectureContract {
    ArchitectureTest() {
        super("org.handover.handover");
    }
}
