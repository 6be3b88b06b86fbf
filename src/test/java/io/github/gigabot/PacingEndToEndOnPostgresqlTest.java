package io.github.gigabot;

/** {@link PacingEndToEndTest}'s cases with the bot's data on a real PostgreSQL server. */
class PacingEndToEndOnPostgresqlTest extends PacingEndToEndTest {

    @Override
    boolean onPostgres() {
        return true;
    }
}
