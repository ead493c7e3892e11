package org.handover.emulator;

import java.util.List;

/**
 * What happened when the user clicked a link of a message the page sent them, as a browser saw it.
 *
 * @param link     the link as it stood in the message
 * @param status   the first answer's HTTP status ({@code 302} for a tracked link, {@code 404} for one refused; 0 when
 *                 nothing answered)
 * @param location where the first answer redirected to, {@code null} when it did not
 * @param hops     every URL requested, in order (the link first; redirects on this machine followed)
 * @param landedOn where the browser ended up: the last URL it requested, or the redirect target it did not load
 * @param loaded   whether {@code landedOn} was loaded (the emulator follows redirects on this machine only, never to
 *                 the Internet)
 */
public record LinkClick(String link, int status, String location, List<String> hops, String landedOn,
        boolean loaded) {

    public LinkClick {
        hops = List.copyOf(hops);
    }
}
