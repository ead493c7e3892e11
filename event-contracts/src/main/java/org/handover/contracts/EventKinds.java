package org.handover.contracts;

import java.util.List;

/**
 * The values of {@link InboundEvent#kind()} (and of {@link HandoverSignal#type()} for the handover kinds): which
 * Messenger event it was, whatever class it was given. routing-service writes them, handover-service decides on them;
 * they are listed in routing-service's README. Wire values: never renamed.
 */
public final class EventKinds {

    /** A message the user sent ({@code message} without {@code is_echo}). */
    public static final String MESSAGE = "message";
    /** A message the page sent, echoed back ({@code message.is_echo = true}); {@code appId} says which app sent it. */
    public static final String MESSAGE_ECHO = "message_echo";
    /** A postback button tap. */
    public static final String POSTBACK = "postback";
    /** Delivery receipt. */
    public static final String DELIVERY = "delivery";
    /** Read receipt. */
    public static final String READ = "read";
    /** The user came through a referral (m.me link with {@code ref}, ad, ...) in an open conversation. */
    public static final String REFERRAL = "referral";
    /** The user opted in (plugin, notification messages). */
    public static final String OPTIN = "optin";
    /** The user reacted to (or removed a reaction from) a message. */
    public static final String REACTION = "reaction";
    /** The user edited a message they sent earlier ({@code message_edit}, with the edited message's {@code mid}). */
    public static final String MESSAGE_EDIT = "message_edit";
    /** The user linked or unlinked their account ({@code account_linking}, Account Linking buttons). */
    public static final String ACCOUNT_LINKING = "account_linking";
    /** The user played a round of an Instant Game ({@code game_play}). */
    public static final String GAME_PLAY = "game_play";
    /** Meta warned, blocked or unblocked the page ({@code policy_enforcement}; page level, no user). */
    public static final String POLICY_ENFORCEMENT = "policy_enforcement";
    /** Handover: control was passed to {@code new_owner_app_id}. */
    public static final String PASS_THREAD_CONTROL = "pass_thread_control";
    /** Handover: control was taken from {@code previous_owner_app_id}. */
    public static final String TAKE_THREAD_CONTROL = "take_thread_control";
    /** Handover: {@code requested_owner_app_id} asks the owner for control. */
    public static final String REQUEST_THREAD_CONTROL = "request_thread_control";
    /** Handover: the page's app roles changed (page level, no user). */
    public static final String APP_ROLES = "app_roles";
    /** Any event whose kind routing-service does not know. */
    public static final String UNKNOWN = "unknown";

    /** The handover kinds, which are {@link EventClass#HANDOVER_SIGNAL} on either channel. */
    public static final List<String> HANDOVER = List.of(PASS_THREAD_CONTROL, TAKE_THREAD_CONTROL,
            REQUEST_THREAD_CONTROL, APP_ROLES);

    private EventKinds() {
    }
}
