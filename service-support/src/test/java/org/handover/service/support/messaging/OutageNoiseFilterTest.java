package org.handover.service.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class OutageNoiseFilterTest {

    private final OutageNoiseFilter filter = new OutageNoiseFilter(Duration.ofHours(1));

    @Test
    void agroalsWarningsPassOnceAndThenAtMostOnceAMinute() {
        assertThat(filter.isLoggable(agroal("Datasource '<default>': Connection to localhost:5432 refused."))).isTrue();
        assertThat(filter.isLoggable(agroal("Datasource '<default>': Connection to localhost:5432 refused.")))
                .isFalse();
        assertThat(filter.isLoggable(agroal("Datasource '<default>': the database system is starting up")))
                .isFalse();

        OutageNoiseFilter everyInstant = new OutageNoiseFilter(Duration.ZERO);
        assertThat(everyInstant.isLoggable(agroal("a"))).isTrue();
        ExtLogRecord info = new ExtLogRecord(Level.INFO, "Datasource '<default>': info", ExtLogRecord.FormatStyle.NO_FORMAT,
                OutageNoiseFilterTest.class.getName());
        info.setLoggerName(OutageNoiseFilter.AGROAL);
        assertThat(filter.isLoggable(info)).isTrue();
    }

    @Test
    void smallryesLinesAboutTheConsumerClosedAtAStopAreDroppedAndItsOtherErrorsKept() {
        assertThat(filter.isLoggable(smallrye("SRMSG00201: Error caught while processing a message in method"
                + " DecisionConsumer#consume [Error Occurred After Shutdown]",
                new IllegalStateException("This consumer has already been closed.")))).isFalse();
        assertThat(filter.isLoggable(smallrye("SRMSG18228: A failure has been reported for Kafka topics",
                new RuntimeException(new org.apache.kafka.common.errors.WakeupException())))).isFalse();
        // closed, but not at a stop; and another failure after shutdown: kept
        assertThat(filter.isLoggable(smallrye("SRMSG00201: Error caught while processing a message",
                new IllegalStateException("This consumer has already been closed.")))).isTrue();
        assertThat(filter.isLoggable(smallrye("SRMSG00201: Error caught [Error Occurred After Shutdown]",
                new IllegalStateException("a bug")))).isTrue();
        assertThat(filter.isLoggable(smallrye("SRMSG18206: Unable to write to Kafka", null))).isTrue();
    }

    private static ExtLogRecord smallrye(String message, Throwable thrown) {
        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, message, ExtLogRecord.FormatStyle.NO_FORMAT,
                OutageNoiseFilterTest.class.getName());
        record.setLoggerName("io.smallrye.reactive.messaging.provider");
        record.setThrown(thrown);
        return record;
    }

    @Test
    void otherCategoriesAreNotTouched() {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "SQL Error: 0, SQLState: 08001",
                ExtLogRecord.FormatStyle.NO_FORMAT, OutageNoiseFilterTest.class.getName());
        record.setLoggerName("org.handover.handover.service.ConversationService");
        assertThat(filter.isLoggable(record)).isTrue();
    }

    private static ExtLogRecord agroal(String message) {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, message, ExtLogRecord.FormatStyle.NO_FORMAT,
                OutageNoiseFilterTest.class.getName());
        record.setLoggerName(OutageNoiseFilter.AGROAL);
        return record;
    }
}
