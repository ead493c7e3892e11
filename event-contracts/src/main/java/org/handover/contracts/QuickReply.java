package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A Messenger text quick reply: title (at most 20 characters) and the payload a tap sends back. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record QuickReply(String title, String payload) {
}
