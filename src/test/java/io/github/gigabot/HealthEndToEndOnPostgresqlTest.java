package io.github.gigabot;

/** {@link HealthEndToEndTest}'s cases with the bot's data on a real PostgreSQL server. */
class HealthEndToEndOnPostgresqlTest extends HealthEndToEndTest {

    @Override
    boolean onPostgres() {
        return true;
    }
}
