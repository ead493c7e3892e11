package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where a record came from in Kafka, so an engineer replaying a conversation can walk from any record back to the
 * one that caused it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SourceRef(String topic, int partition, long offset) {
}
