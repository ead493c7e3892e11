package org.handover.handover.domain;

import java.util.List;

/**
 * The tracked links of a page's guided answers and how they did: per answer and link, the recipients who got it as a
 * tracked link, those who clicked it (each once, however often they clicked), and the click-through rate.
 *
 * @param pageId the page
 * @param links  every link of its guided answers that went out tracked, by answer then place in the text
 */
public record GuidedLinkStats(String pageId, List<Link> links) {

    public GuidedLinkStats {
        links = List.copyOf(links);
    }

    /**
     * One link of one guided answer.
     *
     * @param answerKey the answer (its payload in the catalog)
     * @param index     its place among the answer's links, from 0
     * @param url       the URL last sent at that place
     * @param sent      recipients who got it as a tracked link
     * @param clicked   of them, those who clicked it
     * @param rate      clicked over sent (0 to 1); null before anyone got it
     */
    public record Link(String answerKey, int index, String url, long sent, long clicked, Double rate) {
    }

    /** {@code clicked} over {@code sent}; {@code null} when nobody got the link. */
    public static Double rate(long clicked, long sent) {
        return sent == 0 ? null : (double) clicked / sent;
    }
}
