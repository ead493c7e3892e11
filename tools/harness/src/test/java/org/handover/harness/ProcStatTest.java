package org.handover.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    // A command name with spaces and parentheses, as Linux allows; utime 1200, stime 345.
    private static final String STAT = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1200 345 0 0 20 0 40 0"
            + " 900 4000000000 60000 18446744073709551615 1 1 0 0 0 0 0 2 16384 0 0 0 17 1 0 0 0 0 0";

    @Test
    void fieldsAreCountedAfterTheCommandName() {
        assertThat(ProcStat.cpuTicks(STAT)).isEqualTo(1545);
    }

    @Test
    void theCommandIsBetweenTheFirstAndTheLastParenthesis() {
        assertThat(ProcStat.command(STAT)).hasValue("java (main) x");
        assertThat(ProcStat.command("4242 C2 CompilerThre S 1")).isEmpty();
    }
}
