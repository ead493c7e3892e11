package org.handover.handover.ui;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.handover.handover.domain.GuidedCatalog;
import org.handover.handover.domain.GuidedCatalog.Answer;
import org.handover.handover.domain.GuidedCatalog.Message;
import org.handover.handover.domain.GuidedCatalog.QuickReply;

/**
 * The default-messages form as posted and as shown: the welcome, each guided answer (an empty one at the end adds
 * one; "Remove" drops one) and the fallback, every value a string as typed. Keywords are comma-separated; quick
 * replies one per line, {@code Title = PAYLOAD}. Turning it into a {@link GuidedCatalog} checks only that shape;
 * every rule (lengths, counts, payloads) is bot-service's catalog API's.
 */
public class MessagesForm {

    /** One answer as typed. */
    public static class AnswerFields {
        public String payload = "";
        public String title = "";
        public String keywords = "";
        public String text = "";
        public String quickReplies = "";
        public boolean remove;

        boolean blank() {
            return payload.isBlank() && title.isBlank() && keywords.isBlank() && text.isBlank()
                    && quickReplies.isBlank();
        }
    }

    public AnswerFields welcome = new AnswerFields();
    public List<AnswerFields> answers = new ArrayList<>();
    public String fallbackText = "";
    public String fallbackQuickReplies = "";
    /** "Track the links of guided answers": the admin's choice, off by default. */
    public boolean trackLinks;

    /** The form filled with a stored catalog, plus an empty answer to add one. */
    public static MessagesForm of(GuidedCatalog catalog) {
        MessagesForm form = new MessagesForm();
        if (catalog != null) {
            form.welcome = fields(catalog.welcome());
            catalog.answers().forEach(a -> form.answers.add(fields(a)));
            if (catalog.fallback() != null) {
                form.fallbackText = nz(catalog.fallback().text());
                form.fallbackQuickReplies = lines(catalog.fallback().quickReplies());
            }
            form.trackLinks = catalog.tracksLinks();
        }
        form.answers.add(new AnswerFields());
        return form;
    }

    /** The form as posted: {@code welcome.*}, {@code a<i>.*} for {@code i < answerCount}, {@code fallback.*}. */
    public static MessagesForm of(MultivaluedMap<String, String> posted) {
        MessagesForm form = new MessagesForm();
        form.welcome = fields(posted, "welcome.");
        int count;
        try {
            count = Math.min(Integer.parseInt(nz(posted.getFirst("answerCount")).strip()), 500);
        } catch (NumberFormatException e) {
            count = 0;
        }
        for (int i = 0; i < count; i++) {
            form.answers.add(fields(posted, "a" + i + "."));
        }
        form.fallbackText = nz(posted.getFirst("fallback.text"));
        form.fallbackQuickReplies = nz(posted.getFirst("fallback.quickReplies"));
        form.trackLinks = posted.getFirst("trackLinks") != null;
        return form;
    }

    /**
     * The catalog this form asks for, answers marked "Remove" and empty ones left out; {@code errors} gets a line
     * for each quick-reply line that is not {@code Title = PAYLOAD}.
     */
    public GuidedCatalog toCatalog(String pageId, List<String> errors) {
        Answer welcomeAnswer = answer(welcome, "Welcome", errors);
        List<Answer> list = new ArrayList<>();
        for (AnswerFields a : answers) {
            if (!a.remove && !a.blank()) {
                list.add(answer(a, "Answer \"" + a.title.strip() + "\"", errors));
            }
        }
        Message fallback = new Message(fallbackText, quickReplies(fallbackQuickReplies, "Fallback", errors));
        return new GuidedCatalog(pageId, welcomeAnswer, list, fallback, trackLinks);
    }

    /** The answers left after removals, for a fresh form after a save: an empty one at the end again. */
    public MessagesForm keptForAnotherEdit() {
        answers.removeIf(a -> a.remove || a.blank());
        answers.add(new AnswerFields());
        return this;
    }

    private static Answer answer(AnswerFields f, String where, List<String> errors) {
        List<String> keywords = Arrays.stream(f.keywords.split(",")).map(String::strip).filter(k -> !k.isEmpty())
                .toList();
        return new Answer(f.payload.strip(), f.title, keywords, f.text, quickReplies(f.quickReplies, where, errors));
    }

    static List<QuickReply> quickReplies(String text, String where, List<String> errors) {
        List<QuickReply> replies = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.lastIndexOf('=');
            if (eq <= 0 || eq == line.length() - 1) {
                errors.add(where + ", quick replies: line " + (i + 1) + " must be \"Title = PAYLOAD\"");
                continue;
            }
            replies.add(new QuickReply(line.substring(0, eq).strip(), line.substring(eq + 1).strip()));
        }
        return replies;
    }

    private static AnswerFields fields(Answer a) {
        AnswerFields f = new AnswerFields();
        if (a != null) {
            f.payload = nz(a.payload());
            f.title = nz(a.title());
            f.keywords = String.join(", ", a.keywords());
            f.text = nz(a.text());
            f.quickReplies = lines(a.quickReplies());
        }
        return f;
    }

    private static AnswerFields fields(MultivaluedMap<String, String> posted, String prefix) {
        AnswerFields f = new AnswerFields();
        f.payload = nz(posted.getFirst(prefix + "payload"));
        f.title = nz(posted.getFirst(prefix + "title"));
        f.keywords = nz(posted.getFirst(prefix + "keywords"));
        f.text = nz(posted.getFirst(prefix + "text"));
        f.quickReplies = nz(posted.getFirst(prefix + "quickReplies"));
        f.remove = posted.getFirst(prefix + "remove") != null;
        return f;
    }

    private static String lines(List<QuickReply> replies) {
        StringBuilder out = new StringBuilder();
        for (QuickReply r : replies) {
            out.append(out.isEmpty() ? "" : "\n").append(nz(r.title())).append(" = ").append(nz(r.payload()));
        }
        return out.toString();
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
