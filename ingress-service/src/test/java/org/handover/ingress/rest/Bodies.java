package org.handover.ingress.rest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.concurrent.ThreadLocalRandom;

/** Webhook bodies of exact sizes, for the tests at the limits of the size budget. */
final class Bodies {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ";

    private Bodies() {
    }

    /** A page id no other test uses (topics are shared by the whole JVM). */
    static String newPage() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L));
    }

    /**
     * Random text: what compresses worst, so the record's size on the broker is about its size in the producer, as
     * for a message of photos' base64 or of emoji.
     */
    static String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    /** A message event from {@code user} to {@code page} whose JSON is exactly {@code bytes} bytes (ASCII). */
    static String messageOfBytes(String user, String page, String mid, int bytes) {
        String empty = message(user, page, mid, "");
        if (bytes < empty.length()) {
            throw new IllegalArgumentException("an event needs at least " + empty.length() + " bytes");
        }
        String event = message(user, page, mid, randomText(bytes - empty.length()));
        if (event.getBytes(UTF_8).length != bytes) {
            throw new IllegalStateException("event of " + event.getBytes(UTF_8).length + " bytes, not " + bytes);
        }
        return event;
    }

    static String message(String user, String page, String mid, String text) {
        return "{\"sender\":{\"id\":\"" + user + "\"},\"recipient\":{\"id\":\"" + page
                + "\"},\"timestamp\":1764064800123,\"message\":{\"mid\":\"" + mid + "\",\"text\":\"" + text + "\"}}";
    }

    /** A page body with one entry whose {@code messaging[]} holds the events. */
    static String page(String page, String... events) {
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + page + "\",\"time\":1764064800500,\"messaging\":["
                + String.join(",", events) + "]}]}";
    }

    /** A signed body that is not a page batch (quarantined whole), exactly {@code bytes} bytes (ASCII). */
    static String instagramOfBytes(int bytes) {
        String empty = instagram("");
        return instagram(randomText(bytes - empty.length()));
    }

    private static String instagram(String padding) {
        return "{\"object\":\"instagram\",\"entry\":[{\"id\":\"1\",\"time\":1,\"changes\":[{\"field\":\"comments\","
                + "\"value\":{\"text\":\"" + padding + "\"}}]}]}";
    }
}
