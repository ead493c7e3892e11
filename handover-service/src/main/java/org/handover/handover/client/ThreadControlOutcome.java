package org.handover.handover.client;

/**
 * The result of a thread-control call ({@code pass}, {@code take}, {@code request}, {@code release}).
 *
 * @param status what it came to
 * @param error Meta's error when {@code status} is not {@link GraphStatus#OK}; null on success and for
 *     {@link GraphStatus#NO_TOKEN}
 */
public record ThreadControlOutcome(GraphStatus status, GraphError error) {

    static final ThreadControlOutcome OK = new ThreadControlOutcome(GraphStatus.OK, null);

    /** Whether Meta did it. */
    public boolean ok() {
        return status == GraphStatus.OK;
    }
}
