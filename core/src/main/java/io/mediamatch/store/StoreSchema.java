package io.mediamatch.store;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The store's tables and their versioned migrations ({@code PRAGMA user_version}), applied on open, each in its
 * own transaction; and the store id kept beside them in {@code store_meta}.
 */
final class StoreSchema {
    /** Migrations: index i brings a database from version i to i+1. */
    private static final String[][] MIGRATIONS = {
        {
            "CREATE TABLE bank ("
                + " id INTEGER PRIMARY KEY,"
                + " name TEXT NOT NULL UNIQUE,"
                + " description TEXT NOT NULL DEFAULT '',"
                + " enabled INTEGER NOT NULL DEFAULT 1,"
                + " match_distance INTEGER,"
                + " negative INTEGER NOT NULL DEFAULT 0,"
                + " seq INTEGER NOT NULL DEFAULT 0)",
            "CREATE TABLE signal ("
                + " id INTEGER PRIMARY KEY,"
                + " bank_id INTEGER NOT NULL REFERENCES bank(id) ON DELETE CASCADE,"
                + " type INTEGER NOT NULL,"
                + " value BLOB NOT NULL,"
                + " labels TEXT NOT NULL DEFAULT '',"
                + " source TEXT NOT NULL DEFAULT '',"
                + " external_id TEXT NOT NULL DEFAULT '',"
                + " first_seen INTEGER NOT NULL,"
                + " updated INTEGER NOT NULL,"
                + " status INTEGER NOT NULL,"
                + " seq INTEGER NOT NULL)",
            // (type, value) first: exact lookups across banks use the same index as the upsert key.
            "CREATE UNIQUE INDEX signal_key ON signal(type, value, bank_id)",
            "CREATE INDEX signal_seq ON signal(seq)",
            "CREATE INDEX signal_bank ON signal(bank_id)",
            "CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
            "INSERT INTO store_meta(key, value) VALUES ('seq', 0)",
        },
        {
            // Content items (HMA's model: one upload, several signals): a signal of an item carries the item's
            // id, which is the id of the item's first signal; imported signals (content_id 0) are items of their
            // own. The same value may then sit twice in a bank, in two items.
            "ALTER TABLE bank ADD COLUMN matching_ratio REAL NOT NULL DEFAULT 1.0",
            "ALTER TABLE signal ADD COLUMN content_id INTEGER NOT NULL DEFAULT 0",
            "DROP INDEX signal_key",
            "CREATE UNIQUE INDEX signal_key ON signal(type, value, bank_id, content_id)",
            "CREATE INDEX signal_content ON signal(content_id) WHERE content_id <> 0",
            "CREATE TABLE content ("
                + " id INTEGER PRIMARY KEY,"
                + " bank_id INTEGER NOT NULL REFERENCES bank(id) ON DELETE CASCADE,"
                + " disable_until INTEGER NOT NULL DEFAULT 1,"
                + " metadata TEXT,"
                + " note TEXT)",
        },
        {
            // Exchanges: a configured source filling the bank of its name, its checkpoint and its fetch status.
            "CREATE TABLE exchange ("
                + " name TEXT PRIMARY KEY,"
                + " api TEXT NOT NULL,"
                + " enabled INTEGER NOT NULL DEFAULT 1,"
                + " settings TEXT NOT NULL DEFAULT '{}',"
                + " checkpoint TEXT,"
                + " progress INTEGER,"
                + " last_fetch_start INTEGER,"
                + " last_fetch_end INTEGER,"
                + " last_fetch_succeeded INTEGER,"
                + " fetched_records INTEGER NOT NULL DEFAULT 0,"
                + " last_error TEXT,"
                + " up_to_date INTEGER NOT NULL DEFAULT 0,"
                + " refetching INTEGER NOT NULL DEFAULT 0)",
            // Keys seen by a full refetch in progress (mark-and-sweep); emptied when it begins and completes.
            "CREATE TABLE exchange_seen ("
                + " exchange TEXT NOT NULL,"
                + " type INTEGER NOT NULL,"
                + " value BLOB NOT NULL,"
                + " PRIMARY KEY (exchange, type, value)) WITHOUT ROWID",
            // An exchange withdrawing an entry by its id (NCMEC) finds its values without scanning the bank.
            "CREATE INDEX signal_external ON signal(bank_id, external_id) WHERE external_id <> ''",
        },
    };

    private StoreSchema() {}

    /**
     * Brings the database behind {@code writer} to {@link SignalStore#SCHEMA_VERSION}.
     * @throws IOException naming {@code path} if the file is newer than this code or holds other tables
     */
    static void migrate(Connection writer, Path path) throws SQLException, IOException {
        int version;
        try (Statement st = writer.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > SignalStore.SCHEMA_VERSION) {
            throw new IOException(path + ": store schema version " + version + " is newer than this mediamatch ("
                    + SignalStore.SCHEMA_VERSION + "); upgrade mediamatch");
        }
        if (version == 0) {
            try (Statement st = writer.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
                if (rs.next() && rs.getInt(1) > 0) {
                    throw new IOException(path + ": not a mediamatch store (an SQLite file with other tables)");
                }
            }
        }
        for (int v = version; v < SignalStore.SCHEMA_VERSION; v++) {
            writer.setAutoCommit(false);
            try (Statement st = writer.createStatement()) {
                for (String sql : MIGRATIONS[v]) {
                    st.execute(sql);
                }
                st.execute("PRAGMA user_version = " + (v + 1));
                writer.commit();
            } catch (SQLException e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        }
    }

    /** A random id given to the store when first opened: tells caches of two different files apart. */
    static long loadStoreId(Connection writer) throws SQLException {
        try (Statement st = writer.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM store_meta WHERE key = 'store_id'")) {
            if (rs.next()) {
                return rs.getLong(1);
            }
        }
        long id = new SecureRandom().nextLong();
        try (PreparedStatement ps = writer.prepareStatement(
                "INSERT OR IGNORE INTO store_meta(key, value) VALUES ('store_id', ?)")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
        try (Statement st = writer.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM store_meta WHERE key = 'store_id'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
