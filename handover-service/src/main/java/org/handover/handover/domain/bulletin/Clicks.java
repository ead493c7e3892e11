package org.handover.handover.domain.bulletin;

import java.util.List;

/**
 * A bulletin's tracked links and who clicked them: each recipient counts once per link, and once for the bulletin
 * whatever links they clicked.
 *
 * @param tracked  whether the bulletin's links were sent as tracked links
 * @param clickers recipients who clicked at least one of its links
 * @param links    its links in the order of the text
 */
public record Clicks(boolean tracked, long clickers, List<Link> links) {

    /** No tracked link. */
    public static final Clicks NONE = new Clicks(false, 0, List.of());

    public Clicks {
        links = List.copyOf(links);
    }

    /**
     * One link of the text.
     *
     * @param index    its place among the text's links, from 0
     * @param url      what the admin wrote
     * @param clickers recipients who clicked it
     */
    public record Link(int index, String url, long clickers) {
    }

    /** {@code clickers} over {@code sent}, the recipients who got the bulletin; {@code null} before anyone got it. */
    public static Double rate(long clickers, long sent) {
        return sent == 0 ? null : (double) clickers / sent;
    }
}
