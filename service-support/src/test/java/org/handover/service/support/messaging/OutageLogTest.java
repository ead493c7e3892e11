package org.handover.service.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import org.handover.testsupport.fuzz.LogCapture;
import org.junit.jupiter.api.Test;

class OutageLogTest {

    private static final String CATEGORY = OutageLogTest.class.getName();

    @Test
    void anOutageGivesOneLineAtItsStartAndOneAtItsEndWhateverTheFailedRunsBetween() {
        OutageLog log = new OutageLog(OutageLogTest.class, "Claiming due passes of control");
        try (LogCapture capture = LogCapture.start()) {
            log.succeeded();
            for (int run = 0; run < 30; run++) {
                log.failed(new IllegalStateException("wrapper", new SQLException("refused", "08001")),
                        "tried again on the next run");
            }
            assertThat(log.inOutage()).isTrue();
            log.succeeded();
            log.succeeded();

            List<String> lines = ours(capture);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).contains("Claiming due passes of control paused: java.sql.SQLException");
            assertThat(lines.get(1)).contains("Claiming due passes of control resumed after");
            assertThat(log.inOutage()).isFalse();
        }
    }

    @Test
    void aFailureThatIsNoOutageIsLoggedEveryTimeAndNeverItsMessage() {
        OutageLog log = new OutageLog(OutageLogTest.class, "Outbox sweeper");
        try (LogCapture capture = LogCapture.start()) {
            log.failed(new IllegalArgumentException("user text"), "tried again on the next run");
            log.failed(new IllegalArgumentException("user text"), "tried again on the next run");
            log.failed(new RuntimeException(new ConnectException("refused")), "tried again on the next run");

            List<String> lines = ours(capture);
            assertThat(lines).hasSize(3);
            assertThat(lines.subList(0, 2)).allMatch(l -> l.contains("Outbox sweeper failed (java.lang.IllegalArgumentException)"));
            assertThat(lines.get(2)).contains("Outbox sweeper paused: java.net.ConnectException");
            assertThat(lines).noneMatch(l -> l.contains("user text") || l.contains("refused"));
        }
    }

    private static List<String> ours(LogCapture capture) {
        return capture.lines().stream().filter(l -> l.startsWith(CATEGORY + " ")).toList();
    }
}
