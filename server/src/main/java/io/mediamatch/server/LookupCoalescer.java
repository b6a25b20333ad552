package io.mediamatch.server;

import io.mediamatch.match.MatchResult;
import io.mediamatch.match.MediaMatcher;
import io.mediamatch.pdq.PdqHash;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gathers concurrent single PDQ lookups and answers them with one batch index search ({@link MediaMatcher#matchPdq})
 * on one dispatcher per core: what queued while the last batch ran forms the next (large batches cost about a
 * third of a search per hash at millions of signals), and the searches run on as many threads as there are cores
 * however many connections wait. A lone request waits at most the window for company; with the window zero every
 * lookup searches on its own request thread.
 * Thread-safe; {@link #close} stops the dispatchers.
 */
final class LookupCoalescer implements AutoCloseable {
    /** Most hashes answered by one batch search. */
    static final int MAX_BATCH = 4096;

    private record Pending(PdqHash hash, CompletableFuture<MatchResult> result) {}

    private final MediaMatcher matcher;
    private final long windowNanos;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> dispatchers = new ArrayList<>();
    private volatile boolean closed;

    LookupCoalescer(MediaMatcher matcher, Duration window, int threads) {
        this.matcher = matcher;
        this.windowNanos = window.toNanos();
        if (windowNanos > 0) {
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(this::dispatch, "lookup-batch-" + i);
                t.setDaemon(true);
                t.start();
                dispatchers.add(t);
            }
        }
    }

    /** The result of one PDQ lookup (plain, quality 100), from a shared batch when others arrive meanwhile. */
    MatchResult lookup(PdqHash hash, Duration deadline) throws IOException {
        if (windowNanos == 0 || closed) {
            return matcher.match(hash);
        }
        Pending p = new Pending(hash, new CompletableFuture<>());
        queue.add(p);
        try {
            return p.result().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted while waiting for the index");
        } catch (TimeoutException e) {
            throw new ApiError(503, "lookup deadline exceeded", "1");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    private void dispatch() {
        List<Pending> batch = new ArrayList<>();
        while (!closed) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                // Whatever queued while the last batch ran forms this one: under load no dispatcher idles.
                queue.drainTo(batch, MAX_BATCH - 1);
                if (batch.size() == 1) {
                    // Alone: wait the window for company (the CPU has nothing else to do meanwhile).
                    Pending next = queue.poll(windowNanos, TimeUnit.NANOSECONDS);
                    if (next != null) {
                        batch.add(next);
                        queue.drainTo(batch, MAX_BATCH - 2);
                    }
                }
                answer(batch);
            } catch (InterruptedException e) {
                break;
            } finally {
                batch.clear();
            }
        }
    }

    private void answer(List<Pending> batch) {
        try {
            List<PdqHash> hashes = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                hashes.add(p.hash());
            }
            List<MatchResult> results = batch.size() == 1 ? List.of(matcher.match(batch.get(0).hash()))
                    : matcher.matchPdq(hashes);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (IOException | RuntimeException e) {
            for (Pending p : batch) {
                p.result().completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : dispatchers) {
            t.interrupt();
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.result().completeExceptionally(new ApiError(503, "the service is stopping", "1"));
        }
    }
}
