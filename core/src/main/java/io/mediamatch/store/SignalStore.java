package io.mediamatch.store;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A bank-and-signal database in one SQLite file (WAL journal, foreign keys, versioned schema migrated on open).
 * Every write is one transaction: an import is all-or-nothing, and a crash or {@code kill -9} in the middle
 * leaves the previous contents. Imports upsert on (bank, type, value), so re-importing a file changes nothing;
 * a deleted signal stays a tombstone unless a later-dated record of it arrives. What changed since a point is
 * read through {@link #changes()}.
 * Thread-safe: writes are serialised, reads run concurrently (also while a write is in progress).
 * Methods throw {@link IOException} naming the file when SQLite fails.
 */
public final class SignalStore implements AutoCloseable {
    /** The schema version this code writes ({@code PRAGMA user_version}). */
    public static final int SCHEMA_VERSION = 3;
    /** How many bad rows an import keeps with their line numbers (all are counted). */
    public static final int MAX_REPORTED_ERRORS = 1000;

    private static final String SELECT_SIGNAL = "SELECT s.id, b.name, s.type, s.value, s.labels, s.source,"
            + " s.external_id, s.first_seen, s.updated, s.status FROM signal s JOIN bank b ON b.id = s.bank_id";

    private final Path path;
    private final ConnectionPool pool;
    private final ChangeFeed changes;
    private final BankContents contents;
    private final Exchanges exchanges;
    private final long storeId;

    private SignalStore(Path path) throws IOException {
        this.path = path;
        ConnectionPool opened = null;
        try {
            opened = new ConnectionPool(path);
            StoreSchema.migrate(opened.writerForOpening(), path);
            this.storeId = StoreSchema.loadStoreId(opened.writerForOpening());
        } catch (SQLException e) {
            closeQuietly(opened);
            throw new IOException(path + ": cannot open: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(opened); // a file that is not a store, or newer than this code, is not left open
            throw e;
        }
        this.pool = opened;
        this.changes = new ChangeFeed(pool);
        this.contents = new BankContents(pool, changes);
        this.exchanges = new Exchanges(pool, changes);
    }

    private static void closeQuietly(ConnectionPool pool) {
        if (pool != null) {
            pool.close();
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

    /** A random number fixed when the store file was first opened; identifies this database (not a copy's edits). */
    public long storeId() {
        return storeId;
    }

    /** The change feed: sequence numbers, scans of what changed since one, and listeners. */
    public ChangeFeed changes() {
        return changes;
    }

    /** The banks' content items (HMA's model) and matching ratios. */
    public BankContents contents() {
        return contents;
    }

    /** The configured exchanges, their checkpoints and fetch status, and the applying of their pages. */
    public Exchanges exchanges() {
        return exchanges;
    }

    // ---------------------------------------------------------------- banks

    /** Every bank, by name. */
    public List<Bank> banks() throws IOException {
        return pool.read(BankTable::all);
    }

    /** The bank of that name, if any. */
    public Optional<Bank> bank(String name) throws IOException {
        return banks().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /**
     * Creates a bank, or updates the settings of the bank of that name (its id is ignored). Returns the stored
     * bank. Settings equal to the stored ones change nothing: no change-feed entry, no reindexing listener woken.
     */
    public Bank putBank(Bank bank) throws IOException {
        boolean[] changed = {true};
        Bank stored = pool.write(c -> {
            for (Bank b : BankTable.all(c)) {
                if (b.name().equals(bank.name()) && b.description().equals(bank.description())
                        && b.enabled() == bank.enabled() && b.matchDistance().equals(bank.matchDistance())
                        && b.negative() == bank.negative()) {
                    changed[0] = false;
                    return b;
                }
            }
            long seq = ChangeFeed.next(c);
            long id = BankTable.upsert(c, bank, seq);
            return new Bank(id, bank.name(), bank.description(), bank.enabled(), bank.matchDistance(),
                    bank.negative());
        });
        if (changed[0]) {
            changes.fire();
        }
        return stored;
    }

    /**
     * Removes a bank and all its signals for good (no tombstones; the drop's sequence number is kept as
     * {@link ChangeFeed#lastBankDrop()}). Returns false if there was no such bank.
     */
    public boolean dropBank(String name) throws IOException {
        boolean dropped = pool.write(c -> {
            long seq = ChangeFeed.next(c);
            boolean done = BankTable.drop(c, name);
            if (done) {
                ChangeFeed.recordBankDrop(c, seq);
            }
            return done;
        });
        if (dropped) {
            changes.fire();
        }
        return dropped;
    }

    /**
     * Renames a bank, keeping its id, settings and signals. Returns false if there is no bank {@code from}.
     * @throws IllegalArgumentException if {@code to} is not a valid name or is taken
     */
    public boolean renameBank(String from, String to) throws IOException {
        Bank.checkName(to);
        boolean renamed = pool.write(c -> {
            if (!from.equals(to) && BankTable.id(c, to) > 0) {
                throw new IllegalArgumentException("bank '" + to + "' already exists");
            }
            ChangeFeed.next(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE bank SET name = ? WHERE name = ?")) {
                ps.setString(1, to);
                ps.setString(2, from);
                return ps.executeUpdate() > 0;
            }
        });
        if (renamed) {
            changes.fire();
        }
        return renamed;
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
        ImportResult result = pool.write(c -> SignalImporter.importFiles(c, files, format, opts, prog));
        if (result.added() + result.changed() > 0) {
            changes.fire();
        }
        return result;
    }

    /** Imports signals given in code, in one transaction (same rules as files; a bank missing is created). */
    public ImportResult importSignals(Collection<Signal> signals, ImportOptions options) throws IOException {
        ImportOptions opts = options == null ? ImportOptions.defaults() : options;
        ImportResult result = pool.write(c -> SignalImporter.importSignals(c, signals, opts));
        if (result.added() + result.changed() > 0) {
            changes.fire();
        }
        return result;
    }

    // ---------------------------------------------------------------- deletes

    /** Turns the signal into a tombstone. Returns false if there is no such live signal. */
    public boolean delete(long id) throws IOException {
        boolean done = pool.write(c -> {
            long seq = ChangeFeed.next(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE signal SET status = 3,"
                    + " updated = max(updated, ?), seq = ? WHERE id = ? AND status <> 3")) {
                ps.setLong(1, System.currentTimeMillis());
                ps.setLong(2, seq);
                ps.setLong(3, id);
                return ps.executeUpdate() > 0;
            }
        });
        if (done) {
            changes.fire();
        }
        return done;
    }

    /**
     * Turns every live signal of that type and value into a tombstone, in one bank or (bank null) in all.
     * Returns how many. @throws IllegalArgumentException if the value is not valid for the type
     */
    public int delete(String bank, SignalType type, String value) throws IOException {
        byte[] bytes = type.parse(value);
        int n = pool.write(c -> {
            long seq = ChangeFeed.next(c);
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
            changes.fire();
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
        return pool.read(c -> {
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
        return pool.read(c -> {
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
        return pool.read(c -> {
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
        Set<String> set = labels.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(labels.split("\n")));
        return new Signal(rs.getLong(1), rs.getString(2), type, type.format(rs.getBytes(4)), set,
                rs.getString(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)),
                Instant.ofEpochMilli(rs.getLong(9)), SignalStatus.fromCode(rs.getInt(10)));
    }

    /** Counts per bank, type and status. */
    public StoreStats stats() throws IOException {
        List<Bank> banks = banks();
        List<StoreStats.Count> counts = pool.read(c -> {
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
        return new SignalExporter(this, options == null ? ExportOptions.all() : options).export(format, out);
    }

    // ---------------------------------------------------------------- changes (see ChangeFeed)

    /**
     * Bulk scan for building in-memory indexes: visits every signal of {@code type} whose last change has a
     * sequence number greater than {@code afterSeq} (use -1 for all), with its raw stored value.
     * Returns the sequence number the scan is consistent with (pass it as {@code afterSeq} next time).
     * Same as {@code changes().scan(...)}.
     */
    public long scan(SignalType type, long afterSeq, SignalRowVisitor visitor) throws IOException {
        return changes.scan(type, afterSeq, visitor);
    }

    /** How many signals of {@code type} changed after sequence number {@code afterSeq}. */
    public long countChangedSince(SignalType type, long afterSeq) throws IOException {
        return changes.countChangedSince(type, afterSeq);
    }

    /** Whether any signal of {@code type} (any status) is stored; an index lookup, cheap on any store size. */
    public boolean hasSignals(SignalType type) throws IOException {
        return pool.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM signal WHERE type = ? LIMIT 1")) {
                ps.setInt(1, type.code());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The sequence number of the last committed change (grows with every write). */
    public long changeSequence() throws IOException {
        return changes.sequence();
    }

    /** Runs {@code listener} after every committed change made through this object (on the writing thread). */
    public void addChangeListener(Runnable listener) {
        changes.addListener(listener);
    }

    /** Stops calling {@code listener}. */
    public void removeChangeListener(Runnable listener) {
        changes.removeListener(listener);
    }

    /** Closes every connection; later calls fail. Idempotent. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "SignalStore[" + path + "]";
    }
}
