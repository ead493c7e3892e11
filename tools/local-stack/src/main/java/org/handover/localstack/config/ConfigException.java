package org.handover.localstack.config;

/** A configuration value or option the local stack cannot use; its message is shown to the user as is. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
