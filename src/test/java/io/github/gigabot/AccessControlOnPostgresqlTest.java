package io.github.gigabot;

/** {@link AccessControlTest}'s cases with the bot's data on a real PostgreSQL server. */
class AccessControlOnPostgresqlTest extends AccessControlTest {

    @Override
    boolean onPostgres() {
        return true;
    }
}
