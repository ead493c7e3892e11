package org.handover.handover.domain;

import java.time.Instant;
import org.handover.contracts.Owner;

/**
 * {@link ConversationState}s for tests without its grouped positional arguments: start from who owns the thread,
 * set what the test is about, {@link Builder#build}. Everything not set is as for a conversation that just changed
 * owner: no question, pass or order outstanding, no activity known.
 */
public final class ConversationStates {

    private ConversationStates() {
    }

    /** The bot (our app, {@code appId}) owns the thread, at epoch 0. */
    public static Builder botOwned(String pageId, String psid, String appId) {
        return new Builder(pageId, psid, Owner.BOT, appId);
    }

    /** An agent's app ({@code appId}: the Page Inbox, or a customer-service app) owns the thread, at epoch 0. */
    public static Builder agentOwned(String pageId, String psid, String appId) {
        return new Builder(pageId, psid, Owner.AGENT, appId);
    }

    /** The state under construction; each setter names the record's field it sets. */
    public static final class Builder {
        private final String pageId;
        private final String psid;
        private final Owner owner;
        private final String ownerAppId;
        private long epoch;
        private Instant ownerSince;
        private boolean questionPending;
        private PendingPass pendingPass;
        private String lastOrderId;
        private boolean lastOrderReported;
        private Instant lastUserActivityAt;
        private Instant lastAgentActivityAt;
        private Instant lastTransitionEventAt;
        private String ownerCause;
        private ConversationState.TakeBackBackoff takeBack = ConversationState.TakeBackBackoff.NONE;

        private Builder(String pageId, String psid, Owner owner, String ownerAppId) {
            this.pageId = pageId;
            this.psid = psid;
            this.owner = owner;
            this.ownerAppId = ownerAppId;
        }

        public Builder epoch(long value) {
            epoch = value;
            return this;
        }

        /**
         * The owner got the thread at {@code at}, on the user's message of that moment: sets {@code ownerSince},
         * {@code lastUserActivityAt} and {@code lastTransitionEventAt}.
         */
        public Builder since(Instant at) {
            ownerSince = at;
            lastUserActivityAt = at;
            lastTransitionEventAt = at;
            return this;
        }

        public Builder ownerSince(Instant value) {
            ownerSince = value;
            return this;
        }

        public Builder questionPending(boolean value) {
            questionPending = value;
            return this;
        }

        public Builder pendingPass(PendingPass value) {
            pendingPass = value;
            return this;
        }

        /** The last order decided, and whether bot-service reported what became of it. */
        public Builder lastOrder(String decisionId, boolean reported) {
            lastOrderId = decisionId;
            lastOrderReported = reported;
            return this;
        }

        public Builder lastUserActivityAt(Instant value) {
            lastUserActivityAt = value;
            return this;
        }

        public Builder lastAgentActivityAt(Instant value) {
            lastAgentActivityAt = value;
            return this;
        }

        public Builder lastTransitionEventAt(Instant value) {
            lastTransitionEventAt = value;
            return this;
        }

        /** The cause of the latest change of owner ({@code user_accepted}, ...). */
        public Builder ownerCause(String value) {
            ownerCause = value;
            return this;
        }

        /** The idle timer waits until {@code notBefore} after {@code failures} given-up take-backs. */
        public Builder takeBack(Instant notBefore, int failures) {
            takeBack = new ConversationState.TakeBackBackoff(notBefore, failures);
            return this;
        }

        public ConversationState build() {
            return new ConversationState(pageId, psid,
                    new ConversationState.Ownership(owner, ownerAppId, epoch, ownerSince, lastTransitionEventAt,
                            ownerCause),
                    questionPending, pendingPass, new ConversationState.LastOrder(lastOrderId, lastOrderReported),
                    new ConversationState.Activity(lastUserActivityAt, lastAgentActivityAt), takeBack);
        }
    }
}
