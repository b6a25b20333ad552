package io.mediamatch.store;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * A bank-and-signal database in one SQLite file (WAL journal, foreign keys, versioned schema migrated on open).
 * Every write is one transaction: an import is all-or-nothing, and a crash or {@code kill -9} in the middle
 * leaves the previous contents. Imports upsert on (bank, type, value), so re-importing a file changes nothing;
 * a deleted signal stays a tombstone unless a later-dated record of it arrives.
 * Thread-safe: writes are serialised, reads run concurrently (also while a write is in progress).
 * Methods throw {@link IOException} naming the file when SQLite fails.
 */
public final class SignalStore implements AutoCloseable {
    /** The schema version this code writes ({@code PRAGMA user_version}). */
    public static final int SCHEMA_VERSION = 1;
    /** How many bad rows an import keeps with their line numbers (all are counted). */
    public static final int MAX_REPORTED_ERRORS = 1000;

    private static final int BATCH = 2000;
    private static final int MAX_READERS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

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
    };

    private static final String UPSERT = "INSERT INTO signal"
            + " (bank_id, type, value, labels, source, external_id, first_seen, updated, status, seq)"
            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            + " ON CONFLICT (type, value, bank_id) DO UPDATE SET"
            + " labels = excluded.labels, source = excluded.source, external_id = excluded.external_id,"
            + " status = excluded.status, seq = excluded.seq,"
            + " first_seen = min(signal.first_seen, excluded.first_seen),"
            + " updated = CASE WHEN ?11 THEN max(signal.updated, excluded.updated) ELSE excluded.updated END"
            // A tombstone only comes back through a record dated after it.
            + " WHERE (signal.status <> 3 OR excluded.status = 3 OR (?11 AND excluded.updated > signal.updated))"
            // Dated records older than what is stored do not overwrite it.
            + " AND (NOT ?11 OR excluded.updated >= signal.updated)"
            // Only real changes are written (so re-imports touch nothing and the matcher has nothing to reload).
            + " AND (signal.labels <> excluded.labels OR signal.source <> excluded.source"
            + " OR signal.external_id <> excluded.external_id OR signal.status <> excluded.status"
            + " OR (?11 AND (excluded.updated > signal.updated OR excluded.first_seen < signal.first_seen)))";

    private static final String SELECT_SIGNAL = "SELECT s.id, b.name, s.type, s.value, s.labels, s.source,"
            + " s.external_id, s.first_seen, s.updated, s.status FROM signal s JOIN bank b ON b.id = s.bank_id";

    private final Path path;
    private final String url;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Connection writer;
    private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(MAX_READERS);
    private final List<Connection> allReaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger readerCount = new AtomicInteger();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private long storeId;

    private SignalStore(Path path) throws IOException {
        this.path = path;
        this.url = "jdbc:sqlite:" + path;
        try {
            this.writer = connect(true);
            migrate();
            this.storeId = loadStoreId();
        } catch (SQLException e) {
            throw fail("cannot open", e);
        }
    }

    /**
     * Opens the store in {@code file}, creating the file and its schema when missing and migrating an older
     * schema. @throws IOException if the file is not a mediamatch store, is newer than this code, or cannot be
     * opened
     */
    public static SignalStore open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IOException(abs + ": is a directory, not a store file");
        }
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        return new SignalStore(abs);
    }

    /** The database file. */
    public Path path() {
        return path;
    }

    private Connection connect(boolean forWriting) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a committed import survives power loss too; one commit per import, so it costs nothing.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(30_000);
        // The writer takes the write lock when its transaction starts (no upgrade deadlocks); readers never take it.
        config.setTransactionMode(forWriting ? SQLiteConfig.TransactionMode.IMMEDIATE
                : SQLiteConfig.TransactionMode.DEFERRED);
        // Page cache in KiB. Big imports insert random 32-byte keys: the writer's cache keeps the key index's
        // pages from spilling again and again (SQLite allocates it only as pages are touched).
        config.setCacheSize(forWriting ? -524288 : -65536);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        return config.createConnection(url);
    }

    private void migrate() throws SQLException, IOException {
        int version;
        try (Statement st = writer.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > SCHEMA_VERSION) {
            throw new IOException(path + ": store schema version " + version + " is newer than this mediamatch ("
                    + SCHEMA_VERSION + "); upgrade mediamatch");
        }
        if (version == 0) {
            try (Statement st = writer.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
                if (rs.next() && rs.getInt(1) > 0) {
                    throw new IOException(path + ": not a mediamatch store (an SQLite file with other tables)");
                }
            }
        }
        for (int v = version; v < SCHEMA_VERSION; v++) {
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
    private long loadStoreId() throws SQLException {
        try (Statement st = writer.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM store_meta WHERE key = 'store_id'")) {
            if (rs.next()) {
                return rs.getLong(1);
            }
        }
        long id = new java.security.SecureRandom().nextLong();
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

    /** A random number fixed when the store file was first opened; identifies this database (not a copy's edits). */
    public long storeId() {
        return storeId;
    }

    // ---------------------------------------------------------------- banks

    /** Every bank, by name. */
    public List<Bank> banks() throws IOException {
        return read(c -> {
            List<Bank> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT id, name, description, enabled, match_distance, negative FROM bank ORDER BY name")) {
                while (rs.next()) {
                    out.add(bankRow(rs));
                }
            }
            return out;
        });
    }

    /** The bank of that name, if any. */
    public Optional<Bank> bank(String name) throws IOException {
        return banks().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    private static Bank bankRow(ResultSet rs) throws SQLException {
        int d = rs.getInt(5);
        OptionalInt dist = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(d);
        return new Bank(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0, dist,
                rs.getInt(6) != 0);
    }

    /**
     * Creates a bank, or updates the settings of the bank of that name (its id is ignored).
     * Returns the stored bank.
     */
    public Bank putBank(Bank bank) throws IOException {
        Bank stored = write(c -> {
            long seq = nextSeq(c);
            long id = upsertBank(c, bank, seq);
            return new Bank(id, bank.name(), bank.description(), bank.enabled(), bank.matchDistance(),
                    bank.negative());
        });
        fireChanged();
        return stored;
    }

    private static long upsertBank(Connection c, Bank bank, long seq) throws SQLException {
        // Ids are never reused (dropBank records the highest id dropped): caches and indexes keyed by bank id
        // must not mistake a new bank for a dropped one.
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO bank(id, name, description, enabled,"
                + " match_distance, negative, seq) VALUES (1 + max(coalesce((SELECT max(id) FROM bank), 0),"
                + " coalesce((SELECT value FROM store_meta WHERE key = 'bank_floor'), 0)), ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT(name) DO UPDATE SET"
                + " description = excluded.description, enabled = excluded.enabled,"
                + " match_distance = excluded.match_distance, negative = excluded.negative, seq = excluded.seq")) {
            ps.setString(1, bank.name());
            ps.setString(2, bank.description());
            ps.setInt(3, bank.enabled() ? 1 : 0);
            if (bank.matchDistance().isPresent()) {
                ps.setInt(4, bank.matchDistance().getAsInt());
            } else {
                ps.setNull(4, java.sql.Types.INTEGER);
            }
            ps.setInt(5, bank.negative() ? 1 : 0);
            ps.setLong(6, seq);
            ps.executeUpdate();
        }
        return bankId(c, bank.name());
    }

    private static long bankId(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM bank WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** Removes a bank and all its signals for good (no tombstones). Returns false if there was no such bank. */
    public boolean dropBank(String name) throws IOException {
        boolean dropped = write(c -> {
            nextSeq(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO store_meta(key, value)"
                    + " SELECT 'bank_floor', coalesce(max(id), 0) FROM bank WHERE true"
                    + " ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM bank WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
        if (dropped) {
            fireChanged();
        }
        return dropped;
    }

    // ---------------------------------------------------------------- imports

    /**
     * Imports files of one format in one transaction: either every good row of every file is stored, or (an
     * unreadable file; a bad row under {@code strict}) nothing is and {@link ImportException} says why.
     */
    public ImportResult importFiles(List<Path> files, SignalFormat format, ImportOptions options,
                                    ImportProgress progress) throws IOException {
        Objects.requireNonNull(format, "format");
        ImportOptions opts = options == null ? ImportOptions.defaults() : options;
        ImportProgress prog = progress == null ? ImportProgress.NONE : progress;
        ImportResult result = write(c -> {
            Importer imp = new Importer(c, opts);
            for (Path file : files) {
                long total = Files.isRegularFile(file) ? Files.size(file) : -1;
                FileContext ctx = new FileContext(file.toString(), opts, imp);
                try (InputStream raw = Files.newInputStream(file);
                     InputStream in = new BufferedInputStream(new Counting(raw, file, total, prog), 1 << 16)) {
                    format.codec().read(in, ctx);
                } catch (StoreFailure e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    throw new ImportException(file + ": " + describe(e) + "; nothing imported", imp.errors);
                }
                if (opts.strict() && ctx.bad > 0) {
                    throw new ImportException(file + ": " + ctx.bad + " bad row(s); nothing imported (strict)",
                            imp.errors);
                }
            }
            return imp.finish();
        });
        if (result.added() + result.changed() > 0) {
            fireChanged();
        }
        return result;
    }

    /** Imports signals given in code, in one transaction (same rules as files; a bank missing is created). */
    public ImportResult importSignals(Collection<Signal> signals, ImportOptions options) throws IOException {
        ImportOptions opts = options == null ? ImportOptions.defaults() : options;
        ImportResult result = write(c -> {
            Importer imp = new Importer(c, opts);
            long n = 0;
            for (Signal s : signals) {
                imp.add(s, "api", ++n);
            }
            return imp.finish();
        });
        if (result.added() + result.changed() > 0) {
            fireChanged();
        }
        return result;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** Collects rows of one import into batched upserts. */
    private final class Importer {
        final Connection c;
        final ImportOptions opts;
        final long seq;
        final long maxIdBefore;
        final long now = System.currentTimeMillis();
        final PreparedStatement upsert;
        final Map<String, Long> bankIds = new HashMap<>();
        final List<RowError> errors = new ArrayList<>();
        long read;
        long written;
        long bad;
        long unsupported;
        int pending;

        Importer(Connection c, ImportOptions opts) throws SQLException {
            this.c = c;
            this.opts = opts;
            this.seq = nextSeq(c);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT max(id) FROM signal")) {
                maxIdBefore = rs.next() ? rs.getLong(1) : 0;
            }
            this.upsert = c.prepareStatement(UPSERT);
        }

        long bank(String name) throws SQLException {
            Long id = bankIds.get(name);
            if (id == null) {
                long found = bankId(c, name);
                id = found >= 0 ? found : upsertBank(c, Bank.named(name), seq);
                bankIds.put(name, id);
            }
            return id;
        }

        void bankDefinition(Bank b) throws SQLException {
            if (opts.bank() == null) {
                bankIds.put(b.name(), upsertBank(c, b, seq));
            }
        }

        void add(Signal s, String file, long line) throws SQLException {
            String bankName = opts.bank() != null ? opts.bank() : s.bank();
            Set<String> labels = s.labels();
            if (!opts.labels().isEmpty()) {
                Set<String> all = new LinkedHashSet<>(labels);
                all.addAll(opts.labels());
                labels = new java.util.TreeSet<>(all);
            }
            boolean dated = s.updated() != null;
            long updated = dated ? s.updated().toEpochMilli() : now;
            long first = s.firstSeen() != null ? s.firstSeen().toEpochMilli() : updated;
            upsert.setLong(1, bank(bankName));
            upsert.setInt(2, s.type().code());
            upsert.setBytes(3, s.type().parse(s.value()));
            upsert.setString(4, String.join("\n", labels));
            upsert.setString(5, s.source());
            upsert.setString(6, s.externalId());
            upsert.setLong(7, first);
            upsert.setLong(8, updated);
            upsert.setInt(9, s.status().code());
            upsert.setLong(10, seq);
            upsert.setInt(11, dated ? 1 : 0);
            upsert.addBatch();
            read++;
            if (++pending >= BATCH) {
                flush();
            }
        }

        void error(String file, long line, String message, boolean isBad) {
            if (isBad) {
                bad++;
            } else {
                unsupported++;
            }
            if (errors.size() < MAX_REPORTED_ERRORS) {
                errors.add(new RowError(file, line, message));
            }
        }

        void flush() throws SQLException {
            if (pending == 0) {
                return;
            }
            for (int n : upsert.executeBatch()) {
                if (n > 0 || n == Statement.SUCCESS_NO_INFO) {
                    written++;
                }
            }
            pending = 0;
        }

        ImportResult finish() throws SQLException {
            flush();
            upsert.close();
            long added;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM signal WHERE id > ?")) {
                ps.setLong(1, maxIdBefore);
                try (ResultSet rs = ps.executeQuery()) {
                    added = rs.next() ? rs.getLong(1) : 0;
                }
            }
            long changed = Math.max(0, written - added);
            return new ImportResult(read, added, changed, read - added - changed, bad, unsupported, errors);
        }
    }

    /** Routes one file's rows into the importer, counting its bad rows. */
    private static final class FileContext extends ReadContext {
        final Importer imp;
        long bad;

        FileContext(String file, ImportOptions options, Importer imp) {
            super(file, options);
            this.imp = imp;
        }

        @Override
        void signal(long line, Signal s) {
            try {
                imp.add(s, file, line);
            } catch (SQLException e) {
                throw new StoreFailure(e);
            } catch (IllegalArgumentException e) {
                bad(line, e.getMessage());
            }
        }

        @Override
        void bank(long line, Bank b) {
            try {
                imp.bankDefinition(b);
            } catch (SQLException e) {
                throw new StoreFailure(e);
            }
        }

        @Override
        void bad(long line, String message) {
            bad++;
            imp.error(file, line, message, true);
        }

        @Override
        void unsupported(long line, String message) {
            imp.error(file, line, message, false);
        }
    }

    /** Carries an SQLException through a codec's read loop. */
    private static final class StoreFailure extends RuntimeException {
        StoreFailure(SQLException e) {
            super(e);
        }
    }

    private static final class Counting extends FilterInputStream {
        private final Path file;
        private final long total;
        private final ImportProgress progress;
        private long count;
        private long lastReport;

        Counting(InputStream in, Path file, long total, ImportProgress progress) {
            super(in);
            this.file = file;
            this.total = total;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(long n) {
            count += n;
            if (count - lastReport >= (1 << 20) || count == total) {
                lastReport = count;
                progress.update(file, count, total);
            }
        }
    }

    // ---------------------------------------------------------------- deletes

    /** Turns the signal into a tombstone. Returns false if there is no such live signal. */
    public boolean delete(long id) throws IOException {
        boolean done = write(c -> {
            long seq = nextSeq(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE signal SET status = 3,"
                    + " updated = max(updated, ?), seq = ? WHERE id = ? AND status <> 3")) {
                ps.setLong(1, System.currentTimeMillis());
                ps.setLong(2, seq);
                ps.setLong(3, id);
                return ps.executeUpdate() > 0;
            }
        });
        if (done) {
            fireChanged();
        }
        return done;
    }

    /**
     * Turns every live signal of that type and value into a tombstone, in one bank or (bank null) in all.
     * Returns how many. @throws IllegalArgumentException if the value is not valid for the type
     */
    public int delete(String bank, SignalType type, String value) throws IOException {
        byte[] bytes = type.parse(value);
        int n = write(c -> {
            long seq = nextSeq(c);
            String sql = "UPDATE signal SET status = 3, updated = max(updated, ?), seq = ?"
                    + " WHERE type = ? AND value = ? AND status <> 3"
                    + (bank == null ? "" : " AND bank_id = (SELECT id FROM bank WHERE name = ?)");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, System.currentTimeMillis());
                ps.setLong(2, seq);
                ps.setInt(3, type.code());
                ps.setBytes(4, bytes);
                if (bank != null) {
                    ps.setString(5, bank);
                }
                return ps.executeUpdate();
            }
        });
        if (n > 0) {
            fireChanged();
        }
        return n;
    }

    // ---------------------------------------------------------------- reads

    /** The signal with that id, whatever its status. */
    public Optional<Signal> get(long id) throws IOException {
        List<Signal> l = get(List.of(id));
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** The signals with those ids that exist, in the order of {@code ids}. */
    public List<Signal> get(Collection<Long> ids) throws IOException {
        if (ids.isEmpty()) {
            return List.of();
        }
        return read(c -> {
            List<Signal> out = new ArrayList<>(ids.size());
            try (PreparedStatement ps = c.prepareStatement(SELECT_SIGNAL + " WHERE s.id = ?")) {
                for (long id : ids) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            out.add(signalRow(rs));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** Every signal (any status, any bank) with exactly this type and value. */
    public List<Signal> find(SignalType type, String value) throws IOException {
        byte[] bytes = type.parse(value);
        return read(c -> {
            List<Signal> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT_SIGNAL
                    + " WHERE s.type = ? AND s.value = ? ORDER BY s.id")) {
                ps.setInt(1, type.code());
                ps.setBytes(2, bytes);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(signalRow(rs));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Up to {@code limit} signals with id greater than {@code afterId}, by id, optionally only of one bank,
     * type or status (null: any). Page through with the last id seen.
     */
    public List<Signal> list(String bank, SignalType type, SignalStatus status, long afterId, int limit)
            throws IOException {
        return read(c -> {
            StringBuilder sql = new StringBuilder(SELECT_SIGNAL).append(" WHERE s.id > ?");
            if (bank != null) {
                sql.append(" AND b.name = ?");
            }
            if (type != null) {
                sql.append(" AND s.type = ?");
            }
            if (status != null) {
                sql.append(" AND s.status = ?");
            }
            sql.append(" ORDER BY s.id LIMIT ?");
            List<Signal> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setLong(i++, afterId);
                if (bank != null) {
                    ps.setString(i++, bank);
                }
                if (type != null) {
                    ps.setInt(i++, type.code());
                }
                if (status != null) {
                    ps.setInt(i++, status.code());
                }
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(signalRow(rs));
                    }
                }
            }
            return out;
        });
    }

    private static Signal signalRow(ResultSet rs) throws SQLException {
        SignalType type = SignalType.fromCode(rs.getInt(3));
        String labels = rs.getString(5);
        Set<String> set = labels.isEmpty() ? Set.of() : new java.util.TreeSet<>(Arrays.asList(labels.split("\n")));
        return new Signal(rs.getLong(1), rs.getString(2), type, type.format(rs.getBytes(4)), set,
                rs.getString(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)),
                Instant.ofEpochMilli(rs.getLong(9)), SignalStatus.fromCode(rs.getInt(10)));
    }

    /** Counts per bank, type and status. */
    public StoreStats stats() throws IOException {
        List<Bank> banks = banks();
        List<StoreStats.Count> counts = read(c -> {
            List<StoreStats.Count> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT b.name, s.type, s.status, count(*) FROM signal s JOIN bank b ON b.id = s.bank_id"
                            + " GROUP BY b.name, s.type, s.status ORDER BY b.name, s.type, s.status")) {
                while (rs.next()) {
                    out.add(new StoreStats.Count(rs.getString(1), SignalType.fromCode(rs.getInt(2)),
                            SignalStatus.fromCode(rs.getInt(3)), rs.getLong(4)));
                }
            }
            return out;
        });
        return new StoreStats(banks, counts);
    }

    /**
     * Writes signals in a format. Returns how many signals were written.
     * @throws IOException if the store or {@code out} fails
     */
    public long export(SignalFormat format, ExportOptions options, Writer out) throws IOException {
        ExportOptions opts = options == null ? ExportOptions.all() : options;
        List<Bank> banks = new ArrayList<>(banks());
        if (opts.bank() != null) {
            banks.removeIf(b -> !b.name().equals(opts.bank()));
        }
        long[] count = new long[1];
        Iterator<Signal> it = new Iterator<>() {
            long after;
            Iterator<Signal> page = List.<Signal>of().iterator();
            boolean done;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && !done) {
                    try {
                        List<Signal> p = list(opts.bank(), opts.type(), null, after, 10_000);
                        if (p.isEmpty()) {
                            done = true;
                        } else {
                            after = p.get(p.size() - 1).id();
                            List<Signal> keep = new ArrayList<>(p.size());
                            for (Signal s : p) {
                                if (opts.includeDeleted() || s.status() != SignalStatus.DELETED) {
                                    keep.add(s);
                                }
                            }
                            page = keep.iterator();
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return page.hasNext();
            }

            @Override
            public Signal next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                count[0]++;
                return page.next();
            }
        };
        try {
            format.codec().write(banks, it, opts, out);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        return count[0];
    }

    /**
     * Bulk scan for building in-memory indexes: visits every signal of {@code type} whose last change has a
     * sequence number greater than {@code afterSeq} (use -1 for all), with its raw stored value.
     * Returns the sequence number the scan is consistent with (pass it as {@code afterSeq} next time).
     */
    public long scan(SignalType type, long afterSeq, SignalRowVisitor visitor) throws IOException {
        return read(c -> {
            c.setAutoCommit(false); // one read transaction: the rows and the sequence number agree
            try {
                long seq;
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT value FROM store_meta WHERE key = 'seq'")) {
                    seq = rs.next() ? rs.getLong(1) : 0;
                }
                // "+type": keep the planner off the (type, value) index, which would turn a sequential table scan
                // (full load) or a short seq-index range (refresh) into a walk over every signal of the type.
                String sql = "SELECT id, bank_id, value, status FROM signal WHERE +type = ?"
                        + (afterSeq >= 0 ? " AND seq > ?" : "");
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setInt(1, type.code());
                    if (afterSeq >= 0) {
                        ps.setLong(2, afterSeq);
                    }
                    ps.setFetchSize(10_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            visitor.visit(rs.getLong(1), rs.getLong(2), rs.getBytes(3),
                                    SignalStatus.fromCode(rs.getInt(4)));
                        }
                    }
                }
                return seq;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        });
    }

    /** How many signals of {@code type} changed after sequence number {@code afterSeq}. */
    public long countChangedSince(SignalType type, long afterSeq) throws IOException {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM signal WHERE seq > ? AND +type = ?")) {
                ps.setLong(1, afterSeq);
                ps.setInt(2, type.code());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            }
        });
    }

    /** The sequence number of the last committed change (grows with every write). */
    public long changeSequence() throws IOException {
        return read(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT value FROM store_meta WHERE key = 'seq'")) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        });
    }

    /** Runs {@code listener} after every committed change made through this object (on the writing thread). */
    public void addChangeListener(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /** Stops calling {@code listener}. */
    public void removeChangeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void fireChanged() {
        for (Runnable r : listeners) {
            r.run();
        }
    }

    // ---------------------------------------------------------------- plumbing

    private static long nextSeq(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE store_meta SET value = value + 1 WHERE key = 'seq'");
            try (ResultSet rs = st.executeQuery("SELECT value FROM store_meta WHERE key = 'seq'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private <T> T write(Work<T> work) throws IOException {
        writeLock.lock();
        try {
            checkOpen();
            writer.setAutoCommit(false);
            try {
                T result = work.run(writer);
                writer.commit();
                return result;
            } catch (StoreFailure e) {
                rollbackQuietly();
                throw fail("write failed", (SQLException) e.getCause());
            } catch (SQLException e) {
                rollbackQuietly();
                throw fail("write failed", e);
            } catch (IOException | RuntimeException | Error e) {
                rollbackQuietly();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw fail("write failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    private void rollbackQuietly() {
        try {
            writer.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; SQLite rolls back on its own when it reopens
        }
    }

    private <T> T read(Work<T> work) throws IOException {
        checkOpen();
        Connection c = idleReaders.poll();
        try {
            if (c == null) {
                if (readerCount.incrementAndGet() <= MAX_READERS) {
                    c = connect(false);
                    allReaders.add(c);
                } else {
                    readerCount.decrementAndGet();
                    c = idleReaders.take();
                }
            }
            return work.run(c);
        } catch (SQLException e) {
            throw fail("read failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(path + ": interrupted waiting for a connection");
        } finally {
            if (c != null && !idleReaders.offer(c)) {
                closeQuietly(c);
            }
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException(path + ": store is closed");
        }
    }

    private IOException fail(String what, SQLException e) {
        return new IOException(path + ": " + what + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    /** Closes every connection; later calls fail. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writeLock.lock();
        try {
            for (Connection c : allReaders) {
                closeQuietly(c);
            }
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SignalStore[" + path + "]";
    }
}
