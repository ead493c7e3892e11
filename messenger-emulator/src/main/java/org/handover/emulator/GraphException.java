package org.handover.emulator;

/** A Graph API call the emulator refused; the HTTP server answers it as Meta's error JSON. */
public final class GraphException extends RuntimeException {

    private final transient GraphError error;

    public GraphException(GraphError error) {
        super(error.label() + " " + error.message(), null, false, false);
        this.error = error;
    }

    public GraphError error() {
        return error;
    }
}
