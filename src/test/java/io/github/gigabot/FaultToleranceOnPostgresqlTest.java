package io.github.gigabot;

/** {@link FaultToleranceTest}'s cases with the bot's data on a real PostgreSQL server. */
class FaultToleranceOnPostgresqlTest extends FaultToleranceTest {

    @Override
    boolean onPostgres() {
        return true;
    }
}
