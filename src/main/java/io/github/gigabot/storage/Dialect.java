package io.github.gigabot.storage;

/** The SQL a {@link Database} speaks. */
public enum Dialect {
    /** The embedded file of a bot on one machine. */
    SQLITE,
    /** A server shared by several instances. */
    POSTGRESQL
}
