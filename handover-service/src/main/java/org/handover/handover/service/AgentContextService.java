package org.handover.handover.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.handover.contracts.EventKinds;
import org.handover.handover.domain.AgentContext;
import org.handover.handover.domain.HandoverStateMachine;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.PendingPass;
import org.handover.handover.repository.ConversationStepRepository;
import org.handover.handover.repository.ConversationWordsRepository;
import org.handover.handover.repository.PageSettingsRepository;
import org.jboss.logging.Logger;

/**
 * Composes the context an agent gets with a conversation ({@link AgentContext}: the {@code metadata} of our
 * {@code pass_thread_control} call) from what the conversation's processed events came to and the page's label (set
 * by its admin; else its name on Facebook). The user's words only where the page's admin shares them: the start of the
 * user's latest typed message before the pass's cause, within the same day ({@link ConversationWordsRepository}). When it cannot be composed (the database is away) the pass goes ahead with the
 * short reason alone: the context is a help for the agent, never a reason to keep a user waiting.
 */
@ApplicationScoped
public class AgentContextService {

    private static final Logger LOG = Logger.getLogger(AgentContextService.class);

    /** Guided options older than this before the pass's cause are not the conversation the agent gets. */
    static final Duration PATH_WINDOW = Duration.ofHours(24);

    /** At most this many of the latest guided options are told. */
    static final int PATH_MAX = 20;

    private final ConversationStepRepository steps;
    private final PageSettingsRepository pages;
    private final PageNames names;
    private final ConversationWordsRepository words;

    public AgentContextService(ConversationStepRepository steps, PageSettingsRepository pages, PageNames names,
            ConversationWordsRepository words) {
        this.steps = steps;
        this.pages = pages;
        this.names = names;
        this.words = words;
    }

    /** The metadata of the pass of {@code pass} (a pass to an agent, not a take-back). */
    public String metadata(String pageId, String psid, PendingPass pass) {
        String plain = pass.reason() == PendingPass.Reason.ACCEPTED ? HandoverStateMachine.ACCEPTED_METADATA
                : HandoverStateMachine.REQUEST_METADATA;
        try {
            Instant until = pass.causeOccurredAt() != null ? pass.causeOccurredAt() : Instant.now();
            record Read(AgentContext.Why why, List<String> path, String label, String words) {
            }
            Read read = QuarkusTransaction.requiringNew().call(() -> {
                AgentContext.Why why = pass.reason() == PendingPass.Reason.INBOX_REQUEST
                        ? AgentContext.Why.INBOX_REQUEST
                        : steps.kindOf(pass.causeEventId()).filter(EventKinds.POSTBACK::equals).isPresent()
                                ? AgentContext.Why.MENU : AgentContext.Why.FREE_TEXT_ACCEPTED;
                PageSettings page = pages.findOrDefaults(pageId);
                String said = page.shareUserWords()
                        ? words.latest(pageId, psid, until.minus(PATH_WINDOW), until).orElse(null)
                        : null;
                return new Read(why, steps.guidedPath(pageId, psid, until.minus(PATH_WINDOW), until, PATH_MAX),
                        page.pageLabel(), said);
            });
            // The admin's label when set; else the name on Facebook (asked only then).
            String page = read.label() != null ? read.label() : names.name(pageId).orElse(null);
            return new AgentContext(read.why(), pageId, page, read.path(), read.words()).metadata();
        } catch (RuntimeException e) {
            LOG.warnf("The agent's context of a pass on page %s could not be read (%s): passing with the reason alone",
                    pageId, e.getClass().getSimpleName());
            return plain;
        }
    }
}
