package io.github.gigabot;

/** {@link BotEndToEndTest}'s cases with the bot's data on a real PostgreSQL server. */
class BotEndToEndOnPostgresqlTest extends BotEndToEndTest {

    @Override
    boolean onPostgres() {
        return true;
    }
}
