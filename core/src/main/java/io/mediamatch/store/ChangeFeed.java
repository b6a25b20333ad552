package io.mediamatch.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The change feed of one {@link SignalStore} ({@link SignalStore#changes()}): lets a consumer (matcher indexes,
 * a service, an exchange sync, a stream job) load the signals once and then only what changed since.
 *
 * <p><b>Sequence numbers.</b> Every write transaction takes the next number of one store-wide counter
 * ({@code >= 1}; 0 for a new store) and stamps every signal and bank it changes with it. Numbers only grow, are
 * never reused, and persist in the file; a write that changes nothing still takes one (so gaps are normal).
 * A signal carries the number of its <em>last</em> change only, so a feed gives the current state of each
 * signal changed after a point, not a log of every step.
 *
 * <p><b>Deletions</b> are changes: a deleted signal stays as a tombstone ({@link SignalStatus#DELETED}) with the
 * deleting write's number, and {@link #scan} visits it. The exception is {@link SignalStore#dropBank}, which
 * removes a bank's rows outright; it takes a number too, and as bank ids are never reused a consumer that finds
 * a bank id gone from {@link SignalStore#banks()} drops everything it holds for it. The number of the last drop
 * is kept ({@link #lastBankDrop()}): a consumer that holds signals by value (a published topic) learns from it
 * that it must compare what it holds with the store.
 *
 * <p><b>Consistency.</b> {@link #scan} reads one snapshot and returns the sequence number of that snapshot:
 * every change up to it was visited (or was older than {@code afterSeq}), none after it; pass it as
 * {@code afterSeq} next time and nothing is missed or seen twice. Rows are visited in no particular order.
 *
 * <p><b>Listeners</b> are called with no arguments after a write through this store object has committed and
 * changed something (never for a rolled-back write; never for writes by other processes or other
 * {@code SignalStore} objects on the same file: poll {@link #sequence()} for those). They run on the thread
 * that made the write, one after another, after the store's write lock is released, so they may read the store
 * (and typically {@link #scan} from their last number). A listener that throws stops the later ones and its
 * exception reaches the writer's caller; the write stays committed.
 *
 * <p>Thread-safe; methods throw {@link IOException} naming the file when SQLite fails.
 */
public final class ChangeFeed {
    private final ConnectionPool pool;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    ChangeFeed(ConnectionPool pool) {
        this.pool = pool;
    }

    /** The sequence number of the last committed write (0 if none). */
    public long sequence() throws IOException {
        return pool.read(ChangeFeed::current);
    }

    /**
     * Visits every signal of {@code type} whose last change has a sequence number greater than {@code afterSeq}
     * (-1: every signal), with its raw stored value and status (tombstones included).
     * Returns the sequence number the visited rows are consistent with.
     */
    public long scan(SignalType type, long afterSeq, SignalRowVisitor visitor) throws IOException {
        return pool.read(c -> {
            c.setAutoCommit(false); // one read transaction: the rows and the sequence number agree
            try {
                long seq = current(c);
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

    /** How many signals of {@code type} (tombstones included) changed after sequence number {@code afterSeq}. */
    public long countChangedSince(SignalType type, long afterSeq) throws IOException {
        return pool.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM signal WHERE seq > ? AND +type = ?")) {
                ps.setLong(1, afterSeq);
                ps.setInt(2, type.code());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            }
        });
    }

    /** Calls {@code listener} after every committed change made through this store object (see the class doc). */
    public void addListener(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /** Stops calling {@code listener}; no effect if it was not added. */
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** Called by the store after a write that changed something has committed. */
    void fire() {
        for (Runnable r : listeners) {
            r.run();
        }
    }

    /** The sequence number of the last {@link SignalStore#dropBank} that removed a bank (0 if none ever did). */
    public long lastBankDrop() throws IOException {
        return pool.read(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT value FROM store_meta WHERE key = 'bank_drop_seq'")) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        });
    }

    /** Notes inside the dropping write transaction on {@code c} that a bank was dropped at {@code seq}. */
    static void recordBankDrop(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO store_meta(key, value) VALUES ('bank_drop_seq', ?)"
                + " ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            ps.setLong(1, seq);
            ps.executeUpdate();
        }
    }

    /** Takes the next sequence number inside the write transaction on {@code c}. */
    static long next(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE store_meta SET value = value + 1 WHERE key = 'seq'");
            try (ResultSet rs = st.executeQuery("SELECT value FROM store_meta WHERE key = 'seq'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long current(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM store_meta WHERE key = 'seq'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
