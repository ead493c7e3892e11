package org.handover.contracts;

/**
 * Header names on {@link Topics#WEBHOOK_RAW} records. The value of such a record is one event of
 * {@code entry[].messaging[]} or {@code entry[].standby[]}, byte for byte as Meta sent it; everything else travels
 * here. Header values are UTF-8 strings.
 */
public final class RawEventHeaders {

    /** {@code messaging} or {@code standby}: which array of the entry the event came from. */
    public static final String CHANNEL = "mh-channel";
    /** The page id ({@code entry[].id}). */
    public static final String PAGE_ID = "mh-page-id";
    /** {@code entry[].time}, epoch milliseconds, as Meta sent it. */
    public static final String ENTRY_TIME = "mh-entry-time";
    /** When ingress received the body, epoch milliseconds. */
    public static final String RECEIVED_AT = "mh-received-at";
    /** Id ingress gave the HTTP request, shared by every event of one body. */
    public static final String REQUEST_ID = "mh-request-id";
    /** The envelope's {@code object} ({@code page}, {@code instagram}, ...). */
    public static final String OBJECT = "mh-object";
    /** Schema version of this header set. */
    public static final String SCHEMA_VERSION = "mh-schema-version";

    /** Value of {@link #CHANNEL} for events from {@code messaging[]}. */
    public static final String CHANNEL_MESSAGING = "messaging";
    /** Value of {@link #CHANNEL} for events from {@code standby[]}. */
    public static final String CHANNEL_STANDBY = "standby";

    private RawEventHeaders() {
    }
}
