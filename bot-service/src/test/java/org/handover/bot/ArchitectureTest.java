package org.handover.bot;

import org.handover.testsupport.ArchitectureContract;

/** The package rules every service keeps, on bot-service's main classes. */
class ArchitectureTest extends ArchitectureContract {
    ArchitectureTest() {
        super("org.handover.bot");
    }
}
