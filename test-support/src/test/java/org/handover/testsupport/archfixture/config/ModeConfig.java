package org.handover.testsupport.archfixture.config;

/** A service's configuration with a shadow-mode switch. */
public interface ModeConfig {

    boolean shadowMode();
}
