package io.mediamatch.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The content items of the banks (HMA's model: one upload, all its signals, one id), with their enable time,
 * metadata and note, and each bank's matching ratio. Content ids are global and come from the signals' id space:
 * an item's id is its first signal's id, and an imported signal is an item of its own. Thread-safe.
 */
public final class BankContents {
    /** {@code disable_until} value of an enabled item (HMA's magic 1); 0 disables it for good. */
    public static final long ENABLED = 1;

    private final ConnectionPool pool;
    private final ChangeFeed changes;

    /**
     * One content item.
     *
     * @param id           the item's id (global, unique across banks)
     * @param bank         its bank's name
     * @param disableUntil {@link #ENABLED}, 0 (disabled), or a unix time in seconds until which it is disabled
     * @param metadata     the client's metadata as a JSON object text, if any
     * @param note         the note, if any
     * @param signals      its live signals, one value per type (canonical text)
     */
    public record Content(long id, String bank, long disableUntil, Optional<String> metadata, Optional<String> note,
                          Map<SignalType, String> signals) {
        public Content {
            Objects.requireNonNull(bank, "bank");
            signals = Map.copyOf(signals);
        }

        /** Whether it matches at {@code epochSecond}: enabled, or disabled until a time that has passed. */
        public boolean enabledAt(long epochSecond) {
            return disableUntil == ENABLED || (disableUntil != 0 && disableUntil <= epochSecond);
        }
    }

    /** The item a live signal belongs to, and that item's enable time. */
    public record Ref(long contentId, long disableUntil) {
        /** As {@link Content#enabledAt}. */
        public boolean enabledAt(long epochSecond) {
            return disableUntil == ENABLED || (disableUntil != 0 && disableUntil <= epochSecond);
        }
    }

    /**
     * One signal of an item being added: several may share a type (a plain PDQ hash and the hashes of its augmented
     * views), each with its own labels (a view's is {@code aug:NAME}), which matches report.
     *
     * @param type   the signal type
     * @param value  the value as text ({@link SignalType#parse} accepts it)
     * @param labels labels of this signal only, may be empty
     */
    public record ItemSignal(SignalType type, String value, Set<String> labels) {
        public ItemSignal {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
            labels = Collections.unmodifiableSet(new TreeSet<>(labels));
            for (String l : labels) {
                Signal.checkLabel(l);
            }
        }
    }

    BankContents(ConnectionPool pool, ChangeFeed changes) {
        this.pool = pool;
        this.changes = changes;
    }

    /**
     * Adds one item holding these signals to an existing bank, in one transaction; it is matched once this returns.
     * @throws IllegalArgumentException if there are no signals, a value is invalid for its type, or the bank is
     *     missing
     */
    public Content add(String bank, Map<SignalType, String> signals, String metadata, String note) throws IOException {
        List<ItemSignal> list = new ArrayList<>();
        for (Map.Entry<SignalType, String> e : new EnumMap<>(signals).entrySet()) {
            list.add(new ItemSignal(e.getKey(), e.getValue(), Set.of()));
        }
        return add(bank, list, metadata, note);
    }

    /**
     * Adds one item holding these signals, in this order, to an existing bank, in one transaction; it is matched
     * once this returns. A signal whose type and value repeat an earlier one of the list is left out (the store keeps
     * a value once per item). {@link Content#signals} shows the first of each type; {@code SignalStore.list} and
     * matches show them all, each with its labels.
     * @throws IllegalArgumentException if there are no signals, a value is invalid for its type, or the bank is
     *     missing
     */
    public Content add(String bank, List<ItemSignal> signals, String metadata, String note) throws IOException {
        if (signals.isEmpty()) {
            throw new IllegalArgumentException("no signals given");
        }
        List<ItemSignal> kept = new ArrayList<>();
        List<byte[]> parsed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ItemSignal s : signals) {
            byte[] value = s.type().parse(s.value());
            if (seen.add(s.type().code() + ":" + HexFormat.of().formatHex(value))) {
                kept.add(s);
                parsed.add(value);
            }
        }
        long id = pool.write(c -> {
            long bankId = bankId(c, bank);
            long seq = ChangeFeed.next(c);
            long now = System.currentTimeMillis();
            long first = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO signal (bank_id, type, value, first_seen,"
                    + " updated, status, seq, content_id, labels) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 0; i < kept.size(); i++) {
                    ps.setLong(1, bankId);
                    ps.setInt(2, kept.get(i).type().code());
                    ps.setBytes(3, parsed.get(i));
                    ps.setLong(4, now);
                    ps.setLong(5, now);
                    ps.setLong(6, seq);
                    // The first row's id names the item; it cannot collide with an item that does not exist yet.
                    ps.setLong(7, first == 0 ? -1 : first);
                    ps.setString(8, String.join("\n", kept.get(i).labels()));
                    ps.executeUpdate();
                    if (first == 0) {
                        try (ResultSet keys = ps.getGeneratedKeys()) {
                            keys.next();
                            first = keys.getLong(1);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE signal SET content_id = ? WHERE id = ?")) {
                ps.setLong(1, first);
                ps.setLong(2, first);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO content (id, bank_id, disable_until, metadata, note) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, first);
                ps.setLong(2, bankId);
                ps.setLong(3, ENABLED);
                setText(ps, 4, metadata);
                setText(ps, 5, note);
                ps.executeUpdate();
            }
            return first;
        });
        changes.fire();
        return get(id).orElseThrow();
    }

    /** The item with that id, if it has live signals. */
    public Optional<Content> get(long id) throws IOException {
        return pool.read(c -> read(c, id));
    }

    /**
     * Sets an item's enable time and/or note (an empty note clears it); returns the item, empty if there is none.
     */
    public Optional<Content> update(long id, OptionalLong disableUntil, Optional<String> note) throws IOException {
        return pool.write(c -> {
            Optional<Content> old = read(c, id);
            if (old.isEmpty()) {
                return old;
            }
            long until = disableUntil.orElse(old.get().disableUntil());
            String text = note.isPresent() ? note.get() : old.get().note().orElse(null);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO content (id, bank_id, disable_until, metadata,"
                    + " note) VALUES (?, (SELECT bank_id FROM signal WHERE id = ?), ?, NULL, ?) ON CONFLICT (id)"
                    + " DO UPDATE SET disable_until = excluded.disable_until, note = excluded.note")) {
                ps.setLong(1, id);
                ps.setLong(2, id);
                ps.setLong(3, until);
                setText(ps, 4, text);
                ps.executeUpdate();
            }
            return read(c, id);
        });
    }

    /** Deletes an item: its signals become tombstones and stop matching once this returns. False if none. */
    public boolean delete(long id) throws IOException {
        boolean done = pool.write(c -> {
            long seq = ChangeFeed.next(c);
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE signal SET status = 3, updated = max(updated, ?),"
                    + " seq = ? WHERE status <> 3 AND (content_id = ? OR (id = ? AND content_id = 0))")) {
                ps.setLong(1, System.currentTimeMillis());
                ps.setLong(2, seq);
                ps.setLong(3, id);
                ps.setLong(4, id);
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM content WHERE id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            return n > 0;
        });
        if (done) {
            changes.fire();
        }
        return done;
    }

    /** The items of these live signals, by signal id (signals deleted meanwhile are absent). */
    public Map<Long, Ref> of(Collection<Long> signalIds) throws IOException {
        if (signalIds.isEmpty()) {
            return Map.of();
        }
        return pool.read(c -> {
            Map<Long, Ref> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.content_id, coalesce(ct.disable_until, 1)"
                    + " FROM signal s LEFT JOIN content ct ON ct.id = CASE s.content_id WHEN 0 THEN s.id"
                    + " ELSE s.content_id END WHERE s.id = ? AND s.status <> 3")) {
                for (long id : signalIds) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            long item = rs.getLong(2);
                            out.put(id, new Ref(item == 0 ? id : item, rs.getLong(3)));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** Each bank's matching ratio (HMA's {@code matching_enabled_ratio}), by bank name. */
    public Map<String, Double> ratios() throws IOException {
        return pool.read(c -> {
            Map<String, Double> out = new HashMap<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT name, matching_ratio FROM bank")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getDouble(2));
                }
            }
            return out;
        });
    }

    /** Sets a bank's matching ratio. False if there is no such bank. */
    public boolean setRatio(String bank, double ratio) throws IOException {
        if (Double.isNaN(ratio)) {
            throw new IllegalArgumentException("a matching ratio is a number, not NaN");
        }
        return pool.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE bank SET matching_ratio = ? WHERE name = ?")) {
                ps.setDouble(1, ratio);
                ps.setString(2, bank);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** The newest update time (epoch ms) of a live signal of that type, or -1 if there is none. */
    public long newest(SignalType type) throws IOException {
        return pool.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT max(updated) FROM signal WHERE type = ? AND status <> 3")) {
                ps.setInt(1, type.code());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long v = rs.getLong(1);
                    return rs.wasNull() ? -1L : v;
                }
            }
        });
    }

    /**
     * Removes every bank, signal, item and exchange, so that the next id is 1 again (a development reset; the change
     * sequence keeps counting so that followers see the banks go).
     */
    public void wipe() throws IOException {
        pool.write(c -> {
            ChangeFeed.next(c);
            try (Statement st = c.createStatement()) {
                st.execute("DELETE FROM content");
                st.execute("DELETE FROM signal");
                st.execute("DELETE FROM bank");
                st.execute("DELETE FROM exchange_seen");
                st.execute("DELETE FROM exchange");
            }
            return null;
        });
        changes.fire();
    }

    private static Optional<Content> read(Connection c, long id) throws SQLException {
        Map<SignalType, String> signals = new EnumMap<>(SignalType.class);
        String bank = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT b.name, s.type, s.value FROM signal s JOIN bank b"
                + " ON b.id = s.bank_id WHERE s.status <> 3 AND (s.content_id = ? OR (s.id = ? AND s.content_id = 0))"
                + " ORDER BY s.id")) {
            ps.setLong(1, id);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bank = rs.getString(1);
                    SignalType type = SignalType.fromCode(rs.getInt(2));
                    signals.putIfAbsent(type, type.format(rs.getBytes(3)));
                }
            }
        }
        if (bank == null) {
            return Optional.empty();
        }
        long until = ENABLED;
        String metadata = null;
        String note = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT disable_until, metadata, note FROM content WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    until = rs.getLong(1);
                    metadata = rs.getString(2);
                    note = rs.getString(3);
                }
            }
        }
        return Optional.of(new Content(id, bank, until, Optional.ofNullable(metadata), Optional.ofNullable(note),
                signals));
    }

    private static long bankId(Connection c, String bank) throws SQLException {
        long id = BankTable.id(c, bank);
        if (id < 0) {
            throw new IllegalArgumentException("bank '" + bank + "' not found");
        }
        return id;
    }

    private static void setText(PreparedStatement ps, int i, String text) throws SQLException {
        if (text == null || text.isEmpty()) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, text);
        }
    }
}
