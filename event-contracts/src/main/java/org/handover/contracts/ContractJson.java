package org.handover.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of every contract record: one mapper, so that all services write the same bytes. Times are ISO-8601
 * strings (readable when replaying a topic), unknown fields are ignored (additive evolution), enums are written by
 * name.
 */
public final class ContractJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private ContractJson() {
    }

    /** The shared mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serialises a contract record to UTF-8 JSON bytes. */
    public static byte[] toBytes(Object record) {
        try {
            return MAPPER.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + record.getClass().getSimpleName(), e);
        }
    }

    /** Serialises a contract record to a JSON string. */
    public static String toJson(Object record) {
        return new String(toBytes(record), StandardCharsets.UTF_8);
    }

    /**
     * Reads a contract record. Failures are reported as {@link MalformedRecordException} whose message names the type
     * and the JSON location but never quotes the input, which may hold a user's message.
     */
    public static <T> T fromBytes(byte[] json, Class<T> type) {
        if (json == null || json.length == 0) {
            throw new MalformedRecordException("empty value where a " + type.getSimpleName() + " was expected");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new MalformedRecordException("JSON null where a " + type.getSimpleName() + " was expected");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new MalformedRecordException("not a valid " + type.getSimpleName() + ": " + describe(e), e);
        } catch (IOException e) {
            throw new MalformedRecordException("cannot read " + type.getSimpleName(), e);
        }
    }

    /** Reads a contract record from a JSON string, see {@link #fromBytes(byte[], Class)}. */
    public static <T> T fromJson(String json, Class<T> type) {
        return fromBytes(json == null ? null : json.getBytes(StandardCharsets.UTF_8), type);
    }

    /**
     * Why JSON could not be read, safe to log or put in a dead-letter header: the kind of failure, the field path and
     * the location, never the input.
     */
    public static String describe(JsonProcessingException e) {
        // Only the kind of failure, the field path and the location: Jackson's own message may quote input tokens.
        StringBuilder reason = new StringBuilder(e.getClass().getSimpleName());
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            reason.append(" at field ");
            mapping.getPath().forEach(ref -> reason.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]"));
        }
        if (e.getLocation() != null) {
            reason.append(" (line ").append(e.getLocation().getLineNr()).append(", column ").append(e.getLocation().getColumnNr()).append(')');
        }
        return reason.toString();
    }
}
