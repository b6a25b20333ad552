/**
 * The signal store: banks and their signals (hashes) in one SQLite file, and the file formats they are imported
 * from and exported to ({@link io.mediamatch.store.SignalFormat}). The entry point is
 * {@link io.mediamatch.store.SignalStore}: thread-safe, each write one crash-safe transaction, reads concurrent.
 * What changed since a point is read through its {@link io.mediamatch.store.ChangeFeed} ({@code store.changes()}):
 * sequence numbers, scans that include deletions as tombstones, and listeners called after each commit.
 * {@link io.mediamatch.store.HashListReader} reads the lines of plain hash lists for anyone who takes them.
 */
package io.mediamatch.store;
