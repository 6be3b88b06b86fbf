package io.github.gigabot;

/** {@link FilesEndToEndTest}'s cases with the bot's data on a real PostgreSQL server. */
class FilesEndToEndOnPostgresqlTest extends FilesEndToEndTest {

    @Override
    boolean onPostgres() {
        return true;
    }
}
