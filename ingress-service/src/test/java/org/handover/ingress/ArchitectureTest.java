package org.handover.ingress;

import org.handover.testsupport.ArchitectureContract;

/** The package rules every service keeps, on ingress-service's main classes. */
class ArchitectureTest extends ArchitectureContract {
    ArchitectureTest() {
        super("org.handover.ingress");
    }
}
