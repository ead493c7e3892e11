package org.handover.testsupport.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.handover.testsupport.fuzz.Json.Field;
import org.handover.testsupport.fuzz.Json.Obj;
import org.handover.testsupport.fuzz.Json.Raw;

/**
 * Mutates a {@link Json} tree the ways bad input goes wrong: fields missing, {@code null}s, wrong types, numbers as
 * strings and numbers no type holds, huge strings and arrays, deep nesting, odd Unicode (NUL, lone surrogates,
 * direction overrides, joiners), unknown and duplicate keys; and, on the written bytes, truncated JSON, stray and
 * invalid UTF-8 bytes, a byte-order mark. Deterministic for a given {@link Random}: a failing case is found again
 * with the seed {@link #seed(String, long)} printed.
 */
public final class JsonMutator {

    /** Strings that trip encoders, databases and renderers. */
    static final List<String> ODD_TEXT = List.of("\u0000", "a\u0000b", "\u200b", "\u202eevil", "e\u0301",
            "\ud83d\ude00", "\ud800", "x\udc00y", "\uffff", "\ufeff", "\u2028\u2029", "\u0085", "\u001b[31m",
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\u4f60\u597d", "\u0645\u0631\u062d\u0628\u0627",
            "\\", "\"", "</script><script>alert(1)</script>", "%00", "' OR 1=1 --", "${jndi:ldap://x}", "{{7*7}}",
            " ", "\t\n", "", "null", "true", "0", "-1", "1e400", ":", "a:b", "\ud83c\udff3\ufe0f\u200d\ud83c\udf08");

    private static final List<String> NUMBERS = List.of("1e400", "-1e400", "-0", "0.5", "1.0",
            "123456789012345678901234567890", "-9223372036854775809", "9223372036854775808", "1E2", "0.1e-999",
            "-1", "0", "2147483648", "4.9e-324");

    private final Random random;

    public JsonMutator(Random random) {
        this.random = random;
    }

    /**
     * The seed of a fuzz run: the system property {@code property} when set, else {@code fallback}; printed, so that
     * a failure can be repeated with {@code -Dproperty=seed}.
     */
    public static long seed(String property, long fallback) {
        String set = System.getProperty(property);
        long seed = set == null || set.isBlank() ? fallback : Long.parseLong(set.strip());
        System.out.println("Fuzz seed " + seed + " (repeat with -D" + property + "=" + seed + ")");
        return seed;
    }

    /** The random source, for callers that pick among their own cases with the same seed. */
    public Random random() {
        return random;
    }

    /** A mutated copy of {@code tree}, written; 1 to 3 tree mutations, then sometimes one on the bytes. */
    public byte[] mutate(Object tree) {
        Object copy = Json.copy(tree);
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            copy = mutateTree(copy);
        }
        byte[] bytes = Json.bytes(copy);
        return random.nextInt(6) == 0 ? mutateBytes(bytes) : bytes;
    }

    /** One mutation at a random place of {@code root}; returns the (possibly replaced) root. */
    public Object mutateTree(Object root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots, 0);
        if (slots.isEmpty() || random.nextInt(40) == 0) {
            return replacement(root);
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        int op = random.nextInt(10);
        if (op == 0) {
            slot.remove();
        } else if (op == 1 && slot.container instanceof Obj o) {
            // Unknown field, or the same key again with another value (JSON allows it; parsers differ on which wins).
            boolean duplicate = random.nextBoolean() && !o.fields.isEmpty();
            String name = duplicate ? o.fields.get(random.nextInt(o.fields.size())).name() : "unknown_" + random.nextInt(99);
            o.put(name, replacement(slot.get()));
        } else {
            slot.set(replacement(slot.get()));
        }
        return root;
    }

    /** A value to put where {@code value} was. */
    Object replacement(Object value) {
        return switch (random.nextInt(13)) {
            case 0 -> null;
            case 1 -> wrongType(value);
            case 2 -> value instanceof Number || value instanceof Raw ? String.valueOf(value instanceof Raw r
                    ? r.text() : value) : value instanceof String s && s.matches("-?\\d{1,18}") ? Long.parseLong(s)
                    : String.valueOf(random.nextLong());
            case 3 -> hugeString();
            case 4 -> ODD_TEXT.get(random.nextInt(ODD_TEXT.size()));
            case 5 -> deep(value);
            case 6 -> hugeArray(value);
            case 7 -> new Raw(NUMBERS.get(random.nextInt(NUMBERS.size())));
            case 8 -> random.nextBoolean() ? new Obj() : new ArrayList<>();
            case 9 -> random.nextBoolean();
            case 10 -> value instanceof String s && !s.isEmpty()
                    ? s + ODD_TEXT.get(random.nextInt(ODD_TEXT.size())) : "";
            case 11 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            default -> Json.copy(value) instanceof Obj o ? shuffled(o) : ODD_TEXT.get(random.nextInt(ODD_TEXT.size()));
        };
    }

    private Object wrongType(Object value) {
        if (value instanceof Obj) {
            return Json.arr(value);
        }
        if (value instanceof List<?>) {
            return Json.obj("0", value);
        }
        if (value instanceof String) {
            return random.nextBoolean() ? 42 : Json.obj("id", value);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return random.nextBoolean() ? String.valueOf(value) : Json.arr(value);
        }
        return "text";
    }

    private Obj shuffled(Obj o) {
        java.util.Collections.shuffle(o.fields, random);
        return o;
    }

    private String hugeString() {
        // Mostly above every text limit (2000) and id column (64..255); now and then a tenth of the body limit or more.
        int length = random.nextInt(50) == 0 ? 200_000 + random.nextInt(300_000) : 64 + random.nextInt(6000);
        char[] chars = new char[length];
        char fill = "aZ9\u00e9\u4f60 ".charAt(random.nextInt(6));
        Arrays.fill(chars, fill);
        return new String(chars);
    }

    private Object deep(Object value) {
        // Beyond Jackson's default nesting limit (1000) now and then, mostly within it.
        int depth = random.nextInt(4) == 0 ? 1000 + random.nextInt(4000) : 20 + random.nextInt(200);
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        boolean arrays = random.nextBoolean();
        for (int i = 0; i < depth; i++) {
            open.append(arrays ? "[" : "{\"a\":");
            close.append(arrays ? "]" : "}");
        }
        return new Raw(open + Json.write(value) + close);
    }

    private Object hugeArray(Object value) {
        int size = random.nextInt(50) == 0 ? 2_000 + random.nextInt(20_000) : 20 + random.nextInt(300);
        Object element = value instanceof List<?> list && !list.isEmpty() ? list.get(0) : value;
        String one = Json.write(element);
        StringBuilder out = new StringBuilder(size * (one.length() + 1) + 2).append('[');
        for (int i = 0; i < size && out.length() < 1_500_000; i++) {
            out.append(i == 0 ? "" : ",").append(one);
        }
        return new Raw(out.append(']').toString());
    }

    /** One mutation of the written bytes: what a broken client or a cut connection sends. */
    public byte[] mutateBytes(byte[] bytes) {
        if (bytes.length == 0) {
            return new byte[] {'{'};
        }
        int at = random.nextInt(bytes.length);
        return switch (random.nextInt(7)) {
            case 0 -> Arrays.copyOf(bytes, at); // truncated
            case 1 -> splice(bytes, at, new byte[] {(byte) 0xff}); // never valid UTF-8
            case 2 -> splice(bytes, at, new byte[] {(byte) 0xc3}); // a lone lead byte
            case 3 -> splice(bytes, at, "}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            case 4 -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, bytes); // BOM
            case 5 -> concat(bytes, " {}".getBytes(java.nio.charset.StandardCharsets.US_ASCII)); // trailing content
            default -> {
                byte[] copy = bytes.clone();
                copy[at] = (byte) "{}[]:,\"\\".charAt(random.nextInt(8));
                yield copy;
            }
        };
    }

    private static byte[] splice(byte[] bytes, int at, byte[] insert) {
        return concat(concat(Arrays.copyOf(bytes, at), insert), Arrays.copyOfRange(bytes, at, bytes.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void collect(Object node, List<Slot> slots, int depth) {
        if (depth > 30) {
            return;
        }
        if (node instanceof Obj o) {
            for (int i = 0; i < o.fields.size(); i++) {
                slots.add(new Slot(o, i));
                collect(o.fields.get(i).value(), slots, depth + 1);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                slots.add(new Slot(list, i));
                collect(list.get(i), slots, depth + 1);
            }
        }
    }

    /** A place in an object or array. */
    private record Slot(Object container, int index) {

        Object get() {
            return container instanceof Obj o ? o.fields.get(index).value() : ((List<?>) container).get(index);
        }

        @SuppressWarnings("unchecked")
        void set(Object value) {
            if (container instanceof Obj o) {
                if (index < o.fields.size()) {
                    o.fields.set(index, new Field(o.fields.get(index).name(), value));
                }
            } else if (index < ((List<?>) container).size()) {
                ((List<Object>) container).set(index, value);
            }
        }

        void remove() {
            if (container instanceof Obj o) {
                if (index < o.fields.size()) {
                    o.fields.remove(index);
                }
            } else if (index < ((List<?>) container).size()) {
                ((List<?>) container).remove(index);
            }
        }
    }
}
