package org.handover.service.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.handover.contracts.MalformedRecordException;
import org.junit.jupiter.api.Test;

class FailureKindTest {

    /** The driver's exception when PostgreSQL refuses connections: SQLState 08001. */
    private static SQLException refused() {
        return new SQLException("Connection to localhost:5432 refused", "08001");
    }

    @Test
    void aMalformedRecordAnywhereInTheChainBreaksTheContract() {
        assertThat(FailureKind.of(new MalformedRecordException("no eventId"))).isEqualTo(FailureKind.CONTRACT);
        assertThat(FailureKind.of(new IllegalStateException("wrapped", new MalformedRecordException("no eventId"))))
                .isEqualTo(FailureKind.CONTRACT);
    }

    @Test
    void anUnreachableDatabaseUnderWrappersIsInfrastructure() {
        // What the drill found in conversation.inbound.dlq: a library's exceptions around the driver's refusal.
        RuntimeException seen = new IllegalStateException("could not prepare statement",
                new RuntimeException("JDBC", refused()));

        assertThat(FailureKind.of(seen)).isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.infrastructureCause(seen)).containsInstanceOf(SQLException.class);
    }

    @Test
    void sqlStatesOfAnUnavailableDatabaseAreInfrastructureAndOthersAreNot() {
        for (String state : new String[] {"08001", "08006", "08003", "57P01", "57P02", "57P03", "53300"}) {
            assertThat(FailureKind.of(new RuntimeException(new SQLException("x", state)))).as(state)
                    .isEqualTo(FailureKind.INFRASTRUCTURE);
        }
        // unique violation, syntax error, value too long: the database answered; a bug or bad data
        for (String state : new String[] {"23505", "42601", "22001"}) {
            assertThat(FailureKind.of(new RuntimeException(new SQLException("x", state)))).as(state)
                    .isEqualTo(FailureKind.OTHER);
        }
    }

    @Test
    void theJdbcTransientTypesAndAgroalsAcquisitionTimeoutAreInfrastructure() {
        assertThat(FailureKind.of(new RuntimeException(new SQLTransientConnectionException("gone"))))
                .isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new RuntimeException(new SQLException("Sorry, acquisition timeout!"))))
                .isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new RuntimeException(new SQLException("some other failure"))))
                .isEqualTo(FailureKind.OTHER);
    }

    @Test
    void kafkasRetriableExceptionsAndMutinysTimeoutAreInfrastructure() {
        assertThat(FailureKind.of(new org.apache.kafka.common.errors.TimeoutException("metadata")))
                .isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new org.apache.kafka.common.errors.NotEnoughReplicasException("isr")))
                .isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new org.apache.kafka.common.errors.RecordTooLargeException("big")))
                .isEqualTo(FailureKind.OTHER);
        assertThat(FailureKind.of(new io.smallrye.mutiny.TimeoutException())).isEqualTo(FailureKind.INFRASTRUCTURE);
    }

    @Test
    void ioAndTimeoutsAreInfrastructureButJacksonsParseErrorsAreNot() {
        assertThat(FailureKind.of(new UncheckedIOException(new ConnectException("refused"))))
                .isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new RuntimeException(new SocketTimeoutException("read"))))
                .isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new RuntimeException(new java.util.concurrent.TimeoutException())))
                .isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new RuntimeException(new JsonParseException(null, "bad"))))
                .isEqualTo(FailureKind.OTHER);
    }

    @Test
    void anythingElseIsOtherAndACauseLoopEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        assertThat(FailureKind.of(new NullPointerException())).isEqualTo(FailureKind.OTHER);
        assertThat(FailureKind.of(a)).isEqualTo(FailureKind.OTHER);
        assertThat(FailureKind.of(null)).isEqualTo(FailureKind.OTHER);
    }
}
