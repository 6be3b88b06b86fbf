package io.github.gigabot.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.github.gigabot.chat.StorageException;

/**
 * A PostgreSQL database shared by every instance of the bot, reached through a small HikariCP pool.
 * Each call borrows a connection for as long as it runs, so chats are stored side by side.
 */
final class PostgresDatabase implements Database {

    /** Enough for the chat workers that store at once; more would only queue inside the server. */
    private static final int POOL_SIZE = 10;
    /** A database that cannot be reached fails a call after this long instead of hanging it. */
    private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

    private final HikariDataSource pool;
    private final String url;
    private final Properties credentials;

    private PostgresDatabase(HikariDataSource pool, String url, Properties credentials) {
        this.pool = pool;
        this.url = url;
        this.credentials = credentials;
    }

    static Database connect(String url, String user, String password) throws StorageException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (!user.isEmpty()) {
            config.setUsername(user);
        }
        if (!password.isEmpty()) {
            config.setPassword(password);
        }
        config.setPoolName("database");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        // A dead peer (a database machine gone without a word) is noticed by the OS, not waited on forever.
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "gigachat-telegram-bot");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
            // The URL's parameters may hold a password: the server is named without them.
            throw new StorageException("cannot connect to " + url.replaceFirst("[?;#].*", "") + ": " + rootMessage(e), e);
        }
        Properties credentials = new Properties();
        credentials.putAll(config.getDataSourceProperties());
        if (!user.isEmpty()) {
            credentials.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        PostgresDatabase database = new PostgresDatabase(pool, url, credentials);
        try {
            database.withConnection(connection -> {
                Migrations.apply(connection, Dialect.POSTGRESQL, new VersionTable());
                return null;
            });
        } catch (StorageException e) {
            pool.close();
            throw e;
        }
        return database;
    }

    /** The server's own words, not the pool's wrapper around them. */
    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public <T> T withConnection(Work<T> work) throws StorageException {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("database error: " + e.getMessage(), e);
        }
    }

    /**
     * A session-level advisory lock lives as long as the connection that took it, so it gets a
     * connection of its own, outside the pool: when the process dies, the server ends the session
     * and the lock is free for another instance.
     */
    @Override
    public Optional<AdvisoryLock> advisoryLock(long key) {
        return Optional.of(new AdvisoryLock(() -> DriverManager.getConnection(url, credentials), key));
    }

    @Override
    public void close() {
        pool.close();
    }
}
