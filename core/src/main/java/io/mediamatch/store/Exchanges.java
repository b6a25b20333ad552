package io.mediamatch.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediamatch.exchange.ExchangeConfig;
import io.mediamatch.exchange.ExchangePage;
import io.mediamatch.exchange.ExchangeStatus;
import io.mediamatch.exchange.ExchangeUpdate;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The store's exchanges ({@link SignalStore#exchanges()}): their configurations, checkpoints and fetch status,
 * and the applying of fetched pages to the bank of each exchange's name, each page together with its checkpoint
 * in one transaction. A full refetch is a mark-and-sweep: {@link #beginRefetch}, pages, {@link #completeRefetch}
 * tombstones what the refetch did not bring; a refetch cut short (a crash) leaves its pages and starts over.
 * Thread-safe; methods throw {@link IOException} naming the file when SQLite fails.
 */
public final class Exchanges {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> SETTINGS = new TypeReference<>() {};
    private static final String STATUS = "SELECT name, checkpoint, progress, last_fetch_start, last_fetch_end,"
            + " last_fetch_succeeded, fetched_records, last_error, up_to_date, refetching FROM exchange";

    /** A refetch that marks the keys it brings, to sweep the others at its end. */
    private static final int MARKING = 1;
    /** A refetch into a bank that held no live imported signal when it began: no marks, no sweep. */
    private static final int NOTHING_TO_SWEEP = 2;

    private final ConnectionPool pool;
    private final ChangeFeed changes;

    Exchanges(ConnectionPool pool, ChangeFeed changes) {
        this.pool = pool;
        this.changes = changes;
    }

    // ---------------------------------------------------------------- configurations

    /**
     * Adds an exchange, or replaces the API, settings and enabled flag of the one of that name (keeping its
     * checkpoint and status); creates its bank if missing.
     * @throws IllegalArgumentException if the name is not a valid bank name or the API is blank
     */
    public void put(ExchangeConfig config) throws IOException {
        Bank.checkName(config.name());
        if (config.api().isBlank()) {
            throw new IllegalArgumentException("an exchange needs an API type");
        }
        String settings = json(config.settings());
        pool.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO exchange (name, api, enabled, settings)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET api = excluded.api,"
                    + " enabled = excluded.enabled, settings = excluded.settings")) {
                ps.setString(1, config.name());
                ps.setString(2, config.api());
                ps.setInt(3, config.enabled() ? 1 : 0);
                ps.setString(4, settings);
                ps.executeUpdate();
            }
            if (BankTable.id(c, config.name()) < 0) {
                BankTable.upsert(c, Bank.named(config.name()), ChangeFeed.next(c));
            }
            return null;
        });
        changes.fire();
    }

    /** The exchange of that name, if any. */
    public Optional<ExchangeConfig> get(String name) throws IOException {
        return list().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Every exchange, by name. */
    public List<ExchangeConfig> list() throws IOException {
        return pool.read(c -> {
            List<ExchangeConfig> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, api, enabled, settings FROM exchange ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ExchangeConfig(rs.getString(1), rs.getString(2), rs.getInt(3) != 0,
                            settings(rs.getString(4))));
                }
            }
            return out;
        });
    }

    /** Removes the exchange, its checkpoint and status; its bank and signals stay. False if there was none. */
    public boolean remove(String name) throws IOException {
        return pool.write(c -> {
            clearSeen(c, name);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM exchange WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    // ---------------------------------------------------------------- status

    /** The exchange's checkpoint and fetch status, if it exists. */
    public Optional<ExchangeStatus> status(String name) throws IOException {
        return statuses().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Every exchange's status, by name. */
    public List<ExchangeStatus> statuses() throws IOException {
        return pool.read(c -> {
            List<ExchangeStatus> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(STATUS + " ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int ok = rs.getInt(6);
                    Boolean succeeded = rs.wasNull() ? null : ok != 0;
                    out.add(new ExchangeStatus(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4),
                            instant(rs, 5), succeeded, rs.getLong(7), rs.getString(8), rs.getInt(9) != 0,
                            rs.getInt(10) != 0));
                }
            }
            return out;
        });
    }

    /** Records that a fetch began at {@code at} (its record count starts at 0). */
    public void fetchStarted(String name, Instant at) throws IOException {
        update(name, "UPDATE exchange SET last_fetch_start = ?, fetched_records = 0 WHERE name = ?",
                at.toEpochMilli());
    }

    /**
     * Records how the fetch ended at {@code at}: succeeded (then {@code error} is ignored) or not, and whether it
     * went through to the end of the exchange's data.
     */
    public void fetchEnded(String name, Instant at, boolean succeeded, String error, boolean upToDate)
            throws IOException {
        int n = pool.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE exchange SET last_fetch_end = ?,"
                    + " last_fetch_succeeded = ?, last_error = ?, up_to_date = ? WHERE name = ?")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setInt(2, succeeded ? 1 : 0);
                if (succeeded || error == null) {
                    ps.setNull(3, Types.VARCHAR);
                } else {
                    ps.setString(3, error);
                }
                ps.setInt(4, upToDate ? 1 : 0);
                ps.setString(5, name);
                return ps.executeUpdate();
            }
        });
        missing(name, n);
    }

    // ---------------------------------------------------------------- pages

    /**
     * Applies one page in one transaction: upserts its updates into the bank of the exchange's name (created if
     * missing) as imports do (tombstones stay unless a later-dated record comes; older dated records change
     * nothing), stores the page's checkpoint and progress and counts its records; then fires the change feed.
     * Throwing leaves everything as before, checkpoint included.
     * @throws IllegalArgumentException if an update's value or label is invalid, or there is no such exchange
     */
    public ImportResult apply(String exchange, ExchangePage page) throws IOException {
        ImportResult r = pool.write(c -> {
            String api = api(c, exchange);
            List<Signal> signals = new ArrayList<>(page.updates().size());
            List<ExchangeUpdate> values = new ArrayList<>(page.updates().size());
            for (ExchangeUpdate u : page.updates()) {
                if (u.withdrawsEntry()) {
                    continue;
                }
                values.add(u);
                signals.add(new Signal(0, exchange, u.type(), u.value(), u.labels(), api, u.externalId(), null,
                        u.updated(), u.status()));
            }
            ImportResult result = SignalImporter.importSignals(c, signals, ImportOptions.defaults()
                    .withBank(exchange));
            if (refetchState(c, exchange) == MARKING) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT OR IGNORE INTO exchange_seen (exchange, type, value) VALUES (?, ?, ?)")) {
                    for (ExchangeUpdate u : values) {
                        ps.setString(1, exchange);
                        ps.setInt(2, u.type().code());
                        ps.setBytes(3, u.type().parse(u.value()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            if (BankTable.id(c, exchange) < 0) {
                BankTable.upsert(c, Bank.named(exchange), ChangeFeed.next(c));
            }
            int withdrawn = withdrawEntries(c, exchange, page);
            try (PreparedStatement ps = c.prepareStatement("UPDATE exchange SET checkpoint = ?, progress = ?,"
                    + " fetched_records = fetched_records + ? WHERE name = ?")) {
                ps.setString(1, page.checkpoint());
                if (page.progress() == null) {
                    ps.setNull(2, Types.INTEGER);
                } else {
                    ps.setLong(2, page.progress().toEpochMilli());
                }
                ps.setLong(3, page.updates().size());
                ps.setString(4, exchange);
                ps.executeUpdate();
            }
            return withdrawn == 0 ? result : new ImportResult(result.read(), result.added(),
                    result.changed() + withdrawn, result.unchanged(), result.badRows(), result.unsupported(),
                    result.errors());
        });
        if (r.added() + r.changed() > 0) {
            changes.fire();
        }
        return r;
    }

    /** Tombstones every live value the exchange stored under each withdrawn entry's external id; returns how many. */
    private static int withdrawEntries(Connection c, String exchange, ExchangePage page) throws SQLException {
        int n = 0;
        long seq = -1;
        for (ExchangeUpdate u : page.updates()) {
            if (!u.withdrawsEntry()) {
                continue;
            }
            if (seq < 0) {
                seq = ChangeFeed.next(c);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE signal SET status = 3, updated = max(updated, ?),"
                    + " seq = ? WHERE bank_id = ? AND external_id = ? AND content_id = 0 AND status <> 3")) {
                ps.setLong(1, u.updated() == null ? System.currentTimeMillis() : u.updated().toEpochMilli());
                ps.setLong(2, seq);
                ps.setLong(3, BankTable.id(c, exchange));
                ps.setString(4, u.externalId());
                n += ps.executeUpdate();
            }
        }
        return n;
    }

    /**
     * Begins a full refetch: forgets the checkpoint and the keys an interrupted refetch had seen, and from now on
     * {@link #apply} marks every key it is given as seen; unless the bank holds no live imported signal, for then
     * there is nothing the refetch could sweep, and it marks nothing (a first fetch costs what an import does).
     */
    public void beginRefetch(String exchange) throws IOException {
        int n = pool.write(c -> {
            clearSeen(c, exchange);
            long bank = BankTable.id(c, exchange);
            boolean sweepable = false;
            if (bank >= 0) {
                try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM signal WHERE bank_id = ?"
                        + " AND content_id = 0 AND status <> 3)")) {
                    ps.setLong(1, bank);
                    try (ResultSet rs = ps.executeQuery()) {
                        sweepable = rs.next() && rs.getInt(1) != 0;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE exchange SET refetching = ?, checkpoint = NULL,"
                    + " progress = NULL WHERE name = ?")) {
                ps.setInt(1, sweepable ? MARKING : NOTHING_TO_SWEEP);
                ps.setString(2, exchange);
                return ps.executeUpdate();
            }
        });
        missing(exchange, n);
    }

    /**
     * Completes a full refetch in one transaction: every live signal of the exchange's bank (imported ones, not
     * content items added by hand) that the refetch did not bring becomes a tombstone. Returns how many.
     */
    public int completeRefetch(String exchange) throws IOException {
        int swept = pool.write(c -> {
            int state = refetchState(c, exchange);
            if (state == 0) {
                throw new IllegalStateException("exchange '" + exchange + "': no refetch in progress");
            }
            long bank = BankTable.id(c, exchange);
            int n = 0;
            if (bank >= 0 && state == MARKING) {
                long seq = ChangeFeed.next(c);
                try (PreparedStatement ps = c.prepareStatement("UPDATE signal SET status = 3,"
                        + " updated = max(updated, ?), seq = ? WHERE bank_id = ? AND content_id = 0 AND status <> 3"
                        + " AND NOT EXISTS (SELECT 1 FROM exchange_seen e WHERE e.exchange = ?"
                        + " AND e.type = signal.type AND e.value = signal.value)")) {
                    ps.setLong(1, System.currentTimeMillis());
                    ps.setLong(2, seq);
                    ps.setLong(3, bank);
                    ps.setString(4, exchange);
                    n = ps.executeUpdate();
                }
            }
            clearSeen(c, exchange);
            try (PreparedStatement ps = c.prepareStatement("UPDATE exchange SET refetching = 0 WHERE name = ?")) {
                ps.setString(1, exchange);
                ps.executeUpdate();
            }
            return n;
        });
        if (swept > 0) {
            changes.fire();
        }
        return swept;
    }

    // ---------------------------------------------------------------- helpers

    private void update(String name, String sql, long value) throws IOException {
        int n = pool.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, value);
                ps.setString(2, name);
                return ps.executeUpdate();
            }
        });
        missing(name, n);
    }

    private static void missing(String name, int rows) {
        if (rows == 0) {
            throw new IllegalArgumentException("no exchange '" + name + "'");
        }
    }

    private static String api(Connection c, String exchange) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT api FROM exchange WHERE name = ?")) {
            ps.setString(1, exchange);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no exchange '" + exchange + "'");
                }
                return rs.getString(1);
            }
        }
    }

    /** 0: no refetch; {@link #MARKING} or {@link #NOTHING_TO_SWEEP}: one is in progress. */
    private static int refetchState(Connection c, String exchange) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT refetching FROM exchange WHERE name = ?")) {
            ps.setString(1, exchange);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private static void clearSeen(Connection c, String exchange) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM exchange_seen WHERE exchange = ?")) {
            ps.setString(1, exchange);
            ps.executeUpdate();
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static String json(Map<String, String> settings) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(settings));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> settings(String json) throws SQLException {
        try {
            return JSON.readValue(json, SETTINGS);
        } catch (JsonProcessingException e) {
            throw new SQLException("exchange settings are not a JSON object of strings: " + e.getOriginalMessage());
        }
    }
}
