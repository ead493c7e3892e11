package org.handover.testsupport.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON tree that can say what a JSON library would not let one say: duplicate keys ({@link Obj} keeps a list of
 * fields), numbers as written ({@link Raw}), strings with lone surrogates. Values are {@link Obj}, {@link List},
 * {@link String}, {@link Number}, {@link Boolean}, {@link Raw} or {@code null}. The fuzzers build Meta's shapes and
 * admin bodies in it, mutate them, and write them with {@link #write(Object)}.
 */
public final class Json {

    private Json() {
    }

    /** One field of an object; the same name may appear twice. */
    public record Field(String name, Object value) {
    }

    /** An object: its fields in order, duplicates allowed. Mutable, so that a mutator can change it in place. */
    public static final class Obj {
        final List<Field> fields = new ArrayList<>();

        /** Adds a field (even one already present) and returns this object. */
        public Obj put(String name, Object value) {
            fields.add(new Field(name, value));
            return this;
        }

        /** The fields, in order. */
        public List<Field> fields() {
            return fields;
        }
    }

    /** JSON text written as it is: a number such as {@code 1e400} or {@code -0}, or a broken fragment. */
    public record Raw(String text) {
    }

    /** A new object with these name/value pairs. */
    public static Obj obj(Object... namesAndValues) {
        Obj o = new Obj();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            o.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return o;
    }

    /** A new mutable array. */
    public static List<Object> arr(Object... values) {
        return new ArrayList<>(java.util.Arrays.asList(values));
    }

    /** An object from a map (as a test's body), its entries in the map's order. */
    public static Obj of(Map<String, ?> map) {
        Obj o = new Obj();
        map.forEach((k, v) -> o.put(k, v instanceof Map<?, ?> m ? of(castMap(m)) : v));
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    /** A tree from JSON text (numbers kept as written), to fuzz a document a test already has as JSON. */
    public static Object parse(String json) {
        try {
            return from(org.handover.contracts.ContractJson.mapper().readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + org.handover.contracts.ContractJson.describe(e), e);
        }
    }

    private static Object from(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isObject()) {
            Obj o = new Obj();
            node.fields().forEachRemaining(f -> o.put(f.getKey(), from(f.getValue())));
            return o;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(v -> list.add(from(v)));
            return list;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return new Raw(node.toString());
    }

    /** A deep copy, so that a mutation never changes the original. */
    public static Object copy(Object value) {
        if (value instanceof Obj o) {
            Obj c = new Obj();
            o.fields.forEach(f -> c.put(f.name(), copy(f.value())));
            return c;
        }
        if (value instanceof List<?> list) {
            List<Object> c = new ArrayList<>(list.size());
            list.forEach(v -> c.add(copy(v)));
            return c;
        }
        return value;
    }

    /** The tree as JSON text, non-ASCII characters escaped as Meta sends them ({@code \u00e9}). */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /** {@link #write(Object)} as UTF-8 bytes. */
    public static byte[] bytes(Object value) {
        return write(value).getBytes(UTF_8);
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Obj o) {
            out.append('{');
            for (int i = 0; i < o.fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(o.fields.get(i).name(), out);
                out.append(':');
                write(o.fields.get(i).value(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Raw raw) {
            out.append(raw.text());
        } else {
            out.append(value);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
