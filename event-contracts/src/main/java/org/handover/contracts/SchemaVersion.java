package org.handover.contracts;

/**
 * The schema version every record carries. Evolution is additive only: new fields are nullable and old readers
 * ignore them, so the version tells a reader what a writer knew, never whether it may read the record.
 */
public final class SchemaVersion {

    /** The version written by this code. */
    public static final int CURRENT = 1;

    private SchemaVersion() {
    }
}
