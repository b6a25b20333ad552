package io.mediamatch.store;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One import, inside the caller's write transaction: rows become batched upserts on (type, value, bank), all
 * stamped with one sequence number. Throwing leaves the rollback to the caller, so an import is all-or-nothing.
 * Not thread-safe (one per transaction).
 */
final class SignalImporter {
    private static final int BATCH = 2000;

    private static final String UPSERT = "INSERT INTO signal"
            + " (bank_id, type, value, labels, source, external_id, first_seen, updated, status, seq)"
            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            + " ON CONFLICT (type, value, bank_id, content_id) DO UPDATE SET"
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

    private final Connection c;
    private final ImportOptions opts;
    private final long seq;
    private final long maxIdBefore;
    private final long now = System.currentTimeMillis();
    private final PreparedStatement upsert;
    private final Map<String, Long> bankIds = new HashMap<>();
    private final List<RowError> errors = new ArrayList<>();
    private long read;
    private long written;
    private long bad;
    private long unsupported;
    private int pending;

    private SignalImporter(Connection c, ImportOptions opts) throws SQLException {
        this.c = c;
        this.opts = opts;
        this.seq = ChangeFeed.next(c);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT max(id) FROM signal")) {
            maxIdBefore = rs.next() ? rs.getLong(1) : 0;
        }
        this.upsert = c.prepareStatement(UPSERT);
    }

    /**
     * Reads every file with {@code format}'s codec into the store on {@code c}.
     * @throws ImportException if a file cannot be read, or (strict) has a bad row
     */
    static ImportResult importFiles(Connection c, List<Path> files, SignalFormat format, ImportOptions opts,
                                    ImportProgress prog) throws SQLException, IOException {
        SignalImporter imp = new SignalImporter(c, opts);
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
    }

    /** Stores signals given in code on {@code c} (their rows numbered from 1, file "api", in error reports). */
    static ImportResult importSignals(Connection c, Collection<Signal> signals, ImportOptions opts)
            throws SQLException {
        SignalImporter imp = new SignalImporter(c, opts);
        long n = 0;
        for (Signal s : signals) {
            imp.add(s, "api", ++n);
        }
        return imp.finish();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private long bank(String name) throws SQLException {
        Long id = bankIds.get(name);
        if (id == null) {
            long found = BankTable.id(c, name);
            id = found >= 0 ? found : BankTable.upsert(c, Bank.named(name), seq);
            bankIds.put(name, id);
        }
        return id;
    }

    private void bankDefinition(Bank b) throws SQLException {
        if (opts.bank() == null) {
            bankIds.put(b.name(), BankTable.upsert(c, b, seq));
        }
    }

    private void add(Signal s, String file, long line) throws SQLException {
        String bankName = opts.bank() != null ? opts.bank() : s.bank();
        Set<String> labels = s.labels();
        if (!opts.labels().isEmpty()) {
            Set<String> all = new LinkedHashSet<>(labels);
            all.addAll(opts.labels());
            labels = new TreeSet<>(all);
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

    private void error(String file, long line, String message, boolean isBad) {
        if (isBad) {
            bad++;
        } else {
            unsupported++;
        }
        if (errors.size() < SignalStore.MAX_REPORTED_ERRORS) {
            errors.add(new RowError(file, line, message));
        }
    }

    private void flush() throws SQLException {
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

    private ImportResult finish() throws SQLException {
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

    /** Routes one file's rows into the importer, counting its bad rows. */
    private static final class FileContext extends ReadContext {
        final SignalImporter imp;
        long bad;

        FileContext(String file, ImportOptions options, SignalImporter imp) {
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

    /** Reports bytes read to the progress callback, every MiB and at the end. */
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
}
