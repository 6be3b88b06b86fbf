package io.github.gigabot.config;

import java.util.Optional;

/**
 * Where the bot keeps its data when it is not the SQLite file under {@code bot.data-dir}.
 *
 * @param url      a PostgreSQL JDBC URL, or empty for SQLite
 * @param user     the database user; empty for the driver's default
 * @param password the user's password (a secret: never printed); empty when none is needed
 */
public record DatabaseSettings(Optional<String> url, String user, String password) {

    /** The SQLite file under {@code bot.data-dir}. */
    public static final DatabaseSettings SQLITE = new DatabaseSettings(Optional.empty(), "", "");

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url.orElse("(SQLite)") + ", user=" + user + "]";
    }
}
