package io.mediamatch.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The connections of one store file: one writer, used under a lock, each write one transaction; up to
 * {@code MAX_READERS} readers, opened on demand and reused, which run concurrently with each other and with the
 * writer (WAL). Every SQLite failure becomes an {@link IOException} naming the file. Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {
    private static final int MAX_READERS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    /** Work on one connection; may throw SQL or I/O errors, which the pool maps. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private final Path path;
    private final String url;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Connection writer;
    private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(MAX_READERS);
    private final List<Connection> allReaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger readerCount = new AtomicInteger();
    private volatile boolean closed;

    /** Opens the writer connection (which creates the file). */
    ConnectionPool(Path path) throws SQLException {
        this.path = path;
        this.url = "jdbc:sqlite:" + path;
        this.writer = connect(true);
    }

    /** The writer, outside any transaction: only for opening (schema migration), before the store is shared. */
    Connection writerForOpening() {
        return writer;
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

    /** Runs {@code work} in one write transaction: committed if it returns, rolled back if it throws. */
    <T> T write(Work<T> work) throws IOException {
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

    /** Runs {@code work} on a reader connection (auto-commit unless the work opens its own transaction). */
    <T> T read(Work<T> work) throws IOException {
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
            throw new InterruptedIOException(path + ": interrupted waiting for a connection");
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

    /** An IOException naming the file, what failed and SQLite's message. */
    IOException fail(String what, SQLException e) {
        return new IOException(path + ": " + what + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    /** Closes every connection (waiting for a write in progress); later calls fail. Idempotent. */
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
}
