package io.mediamatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** The SQL of the {@code bank} table, shared by the store's bank methods and the importer (which creates banks). */
final class BankTable {
    private BankTable() {}

    /** Every bank, by name. */
    static List<Bank> all(Connection c) throws SQLException {
        List<Bank> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT id, name, description, enabled, match_distance, negative FROM bank ORDER BY name")) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private static Bank row(ResultSet rs) throws SQLException {
        int d = rs.getInt(5);
        OptionalInt dist = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(d);
        return new Bank(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0, dist,
                rs.getInt(6) != 0);
    }

    /** Creates the bank or updates its settings, stamping it with {@code seq}; returns its id. */
    static long upsert(Connection c, Bank bank, long seq) throws SQLException {
        // Ids are never reused (drop records the highest id dropped): caches and indexes keyed by bank id
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
                ps.setNull(4, Types.INTEGER);
            }
            ps.setInt(5, bank.negative() ? 1 : 0);
            ps.setLong(6, seq);
            ps.executeUpdate();
        }
        return id(c, bank.name());
    }

    /** The id of the bank of that name, or -1. */
    static long id(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM bank WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** Deletes the bank and (cascade) its signals, remembering its id as used; false if there was none. */
    static boolean drop(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO store_meta(key, value)"
                + " SELECT 'bank_floor', coalesce(max(id), 0) FROM bank WHERE true"
                + " ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)")) {
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM bank WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() > 0;
        }
    }
}
