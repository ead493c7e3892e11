package org.handover.bot.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Messenger;
import org.handover.contracts.QuickReply;
import org.handover.contracts.links.LinkToken;
import org.handover.contracts.links.TrackedLinks;

/**
 * Checks a catalog against Messenger's limits and this project's rules, and lists every problem (not only the first),
 * each naming where it is, so that an admin can fix a catalog in one go. Plain Java.
 */
public final class CatalogValidator {

    /** Messenger's limit on a quick reply's (and a button's) title. */
    public static final int MAX_TITLE_LENGTH = 20;
    /** Messenger's limit on quick replies per message. */
    public static final int MAX_QUICK_REPLIES = 13;
    /** Messenger's limit on a text message. */
    public static final int MAX_TEXT_LENGTH = 2000;
    /** Messenger's limit on a payload. */
    public static final int MAX_PAYLOAD_LENGTH = 1000;
    /** The {@code page_id} column's length (Meta's page ids are about 15 digits). */
    public static final int MAX_PAGE_ID_LENGTH = 64;
    /**
     * The largest catalog, as JSON: it is stored whole and published to {@code bot.catalog} as one record, which must
     * stay well inside {@link org.handover.contracts.SizeBudget#RECORD_VALUE_BYTES}; a few hundred answers at the
     * text limit fit.
     */
    public static final int MAX_DOCUMENT_BYTES = 512 * 1024;

    private static final String CONTROL_CHARACTERS =
            "must be text without control characters (line breaks and tabs are fine)";

    private CatalogValidator() {
    }

    /**
     * The problems of {@code catalog}, empty when it is valid.
     *
     * @param pageId the page it is meant for (the catalog must name the same page)
     */
    public static List<String> validate(String pageId, CatalogDocument catalog) {
        return validate(pageId, catalog, null);
    }

    /**
     * {@link #validate(String, CatalogDocument)}, and when the catalog tracks its guided answers' links
     * ({@link CatalogDocument#tracksLinks}) and {@code trackingBaseUrl} is not null (tracking configured), every
     * guided answer (the welcome included) must still fit Messenger's limit once its links are tracked
     * ({@link TrackedLinks#trackedLength(String, String, String)}, the same rule as a bulletin's), have at most
     * {@link TrackedLinks#MAX_LINKS} links, and a payload a token can carry.
     */
    public static List<String> validate(String pageId, CatalogDocument catalog, String trackingBaseUrl) {
        List<String> errors = validateAsWritten(pageId, catalog);
        if (errors.isEmpty() && catalog.tracksLinks() && trackingBaseUrl != null) {
            checkTrackedLinks("welcome", catalog.welcome(), trackingBaseUrl, errors);
            for (int i = 0; i < catalog.answers().size(); i++) {
                checkTrackedLinks("answers[" + i + "]", catalog.answers().get(i), trackingBaseUrl, errors);
            }
        }
        return errors;
    }

    private static void checkTrackedLinks(String where, CatalogAnswer answer, String baseUrl, List<String> errors) {
        int links = TrackedLinks.find(answer.text()).size();
        if (links == 0) {
            return;
        }
        if (links > TrackedLinks.MAX_LINKS) {
            errors.add(where + ".text: " + links + " links, at most " + TrackedLinks.MAX_LINKS
                    + " when the answers' links are tracked");
            return;
        }
        if (!LinkToken.isTrackableAnswerKey(answer.payload())) {
            errors.add(where + ".payload: " + answer.payload().getBytes(StandardCharsets.UTF_8).length
                    + " bytes, at most " + LinkToken.MAX_ANSWER_KEY_BYTES
                    + " when the answers' links are tracked (its answer has links)");
            return;
        }
        int length = TrackedLinks.trackedLength(answer.text(), baseUrl, answer.payload());
        if (length > MAX_TEXT_LENGTH) {
            errors.add(where + ".text: " + length + " characters once its links are tracked, at most "
                    + MAX_TEXT_LENGTH);
        }
    }

    private static List<String> validateAsWritten(String pageId, CatalogDocument catalog) {
        List<String> errors = new ArrayList<>();
        if (catalog == null) {
            errors.add("catalog: missing");
            return errors;
        }
        int documentBytes = ContractJson.toJson(catalog).getBytes(StandardCharsets.UTF_8).length;
        if (documentBytes > MAX_DOCUMENT_BYTES) {
            // Nothing else is checked: a document this large is refused whole, and listing its problems would
            // only make the answer as large.
            errors.add("catalog: " + documentBytes + " bytes as JSON, at most " + MAX_DOCUMENT_BYTES);
            return errors;
        }
        if (blank(catalog.pageId())) {
            errors.add("pageId: missing");
        } else if (pageIdProblem(catalog.pageId()) != null) {
            errors.add(pageIdProblem(catalog.pageId()));
        } else if (catalog.pageId().contains(":") || !catalog.pageId().strip().equals(catalog.pageId())) {
            errors.add("pageId: " + catalog.pageId() + " is not a page id (no ':' and no surrounding spaces)");
        } else if (!catalog.pageId().equals(pageId)) {
            errors.add("pageId: is " + catalog.pageId() + " but the catalog is for page " + pageId);
        }
        Set<String> answerPayloads = new HashSet<>();
        catalog.allAnswers().stream().filter(a -> a != null && !blank(a.payload()))
                .forEach(a -> answerPayloads.add(a.payload()));

        if (catalog.welcome() == null) {
            errors.add("welcome: missing");
        } else {
            checkAnswer("welcome", catalog.welcome(), answerPayloads, errors);
        }
        for (int i = 0; i < catalog.answers().size(); i++) {
            CatalogAnswer answer = catalog.answers().get(i);
            String where = "answers[" + i + "]";
            if (answer == null) {
                errors.add(where + ": missing");
            } else {
                checkAnswer(where, answer, answerPayloads, errors);
            }
        }
        checkDuplicatePayloads(catalog, errors);
        checkDuplicateKeywords(catalog, errors);
        if (catalog.fallback() == null) {
            errors.add("fallback: missing");
        } else {
            checkMessage("fallback", catalog.fallback().text(), catalog.fallback().quickReplies(), answerPayloads,
                    errors);
        }
        return errors;
    }

    /**
     * Why {@code pageId} (from a path or a catalog) cannot name a page, or {@code null} when it can: 1 to
     * {@link #MAX_PAGE_ID_LENGTH} characters without control characters (PostgreSQL refuses U+0000 even in a
     * query). The rules of a catalog's own {@code pageId} (no {@code ':'}, no surrounding spaces) come on top.
     */
    public static String pageIdProblem(String pageId) {
        if (pageId == null || pageId.isEmpty()) {
            return "pageId: missing";
        }
        if (pageId.length() > MAX_PAGE_ID_LENGTH) {
            return "pageId: " + pageId.length() + " characters, at most " + MAX_PAGE_ID_LENGTH;
        }
        if (!plainText(pageId) || pageId.chars().anyMatch(Character::isISOControl)) {
            return "pageId: must not contain control characters";
        }
        return null;
    }

    private static void checkAnswer(String where, CatalogAnswer answer, Set<String> answerPayloads,
            List<String> errors) {
        checkPayload(where + ".payload", answer.payload(), errors);
        checkTitle(where + ".title", answer.title(), errors);
        for (int k = 0; k < answer.keywords().size(); k++) {
            if (blank(answer.keywords().get(k))) {
                errors.add(where + ".keywords[" + k + "]: empty");
            } else if (!plainText(answer.keywords().get(k))) {
                errors.add(where + ".keywords[" + k + "]: " + CONTROL_CHARACTERS);
            }
        }
        checkMessage(where, answer.text(), answer.quickReplies(), answerPayloads, errors);
    }

    private static void checkMessage(String where, String text, List<QuickReply> quickReplies,
            Set<String> answerPayloads, List<String> errors) {
        if (blank(text)) {
            errors.add(where + ".text: empty");
        } else if (text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
            // Characters, as Messenger counts them and as the titles are counted: an emoji is one.
            errors.add(where + ".text: " + text.codePointCount(0, text.length()) + " characters, at most "
                    + MAX_TEXT_LENGTH);
        } else if (!plainText(text)) {
            errors.add(where + ".text: " + CONTROL_CHARACTERS);
        }
        if (quickReplies.size() > MAX_QUICK_REPLIES) {
            errors.add(where + ".quickReplies: " + quickReplies.size() + " quick replies, at most " + MAX_QUICK_REPLIES);
        }
        Set<String> seen = new HashSet<>();
        for (int q = 0; q < quickReplies.size(); q++) {
            QuickReply reply = quickReplies.get(q);
            String at = where + ".quickReplies[" + q + "]";
            if (reply == null) {
                errors.add(at + ": missing");
                continue;
            }
            checkTitle(at + ".title", reply.title(), errors);
            checkPayload(at + ".payload", reply.payload(), errors);
            if (!blank(reply.payload())) {
                if (!seen.add(reply.payload())) {
                    errors.add(at + ".payload: " + reply.payload() + " offered twice in the same message");
                }
                if (!Messenger.isReservedPayload(reply.payload()) && !answerPayloads.contains(reply.payload())) {
                    errors.add(at + ".payload: " + reply.payload() + " has no answer in the catalog");
                }
            }
        }
    }

    private static void checkPayload(String where, String payload, List<String> errors) {
        if (blank(payload)) {
            errors.add(where + ": empty");
        } else if (Messenger.isReservedPayload(payload)) {
            errors.add(where + ": " + payload + " starts with " + Messenger.RESERVED_PAYLOAD_PREFIX
                    + ", which is reserved for the handover answers");
        } else if (payload.codePointCount(0, payload.length()) > MAX_PAYLOAD_LENGTH) {
            errors.add(where + ": " + payload.codePointCount(0, payload.length()) + " characters, at most "
                    + MAX_PAYLOAD_LENGTH);
        } else if (!plainText(payload)) {
            errors.add(where + ": " + CONTROL_CHARACTERS);
        }
    }

    private static void checkTitle(String where, String title, List<String> errors) {
        if (blank(title)) {
            errors.add(where + ": empty");
        } else if (title.codePointCount(0, title.length()) > MAX_TITLE_LENGTH) {
            // Quoted only while short: a title of megabytes is not repeated back.
            String shown = title.length() <= 4 * MAX_TITLE_LENGTH ? "\"" + title + "\" is " : "";
            errors.add(where + ": " + shown + title.codePointCount(0, title.length())
                    + " characters, at most " + MAX_TITLE_LENGTH);
        } else if (!plainText(title)) {
            errors.add(where + ": " + CONTROL_CHARACTERS);
        }
    }

    private static void checkDuplicatePayloads(CatalogDocument catalog, List<String> errors) {
        Map<String, Integer> count = new HashMap<>();
        catalog.allAnswers().stream().filter(a -> a != null && !blank(a.payload()))
                .forEach(a -> count.merge(a.payload(), 1, Integer::sum));
        count.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted()
                .forEach(p -> errors.add("answers: payload " + p + " is answered " + count.get(p) + " times"));
    }

    private static void checkDuplicateKeywords(CatalogDocument catalog, List<String> errors) {
        // A typed word must point at one answer only, or routing-service could not tell which was meant.
        Map<String, Set<String>> owners = new HashMap<>();
        for (CatalogAnswer answer : catalog.allAnswers()) {
            if (answer == null || blank(answer.payload())) {
                continue;
            }
            answer.keywords().stream().filter(k -> !blank(k))
                    .forEach(k -> owners.computeIfAbsent(k.strip().toLowerCase(Locale.ROOT), x -> new HashSet<>())
                            .add(answer.payload()));
        }
        owners.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).sorted()
                .forEach(k -> errors.add("answers: keyword \"" + k + "\" belongs to " + owners.get(k).size()
                        + " answers " + owners.get(k).stream().sorted().toList()));
    }

    /** Whether {@code text} is whole Unicode characters without C0/C1 controls other than tab and line breaks. */
    static boolean plainText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)
                    || Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
