package io.mediamatch.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs one task per input on daemon worker threads and hands the results to a sink in input order, with a
 * bounded look-ahead so memory stays flat on huge inputs. A task that throws becomes {@code failure}'s result.
 */
final class OrderedWorkers {
    private OrderedWorkers() {}

    /** Result for input {@code index} whose task did not return normally ({@code message} says why). */
    interface Failure<R> {
        R of(int index, String message);
    }

    /** Receives each result, in input order, on the calling thread. */
    interface Sink<R> {
        void accept(int index, R result) throws IOException;
    }

    /**
     * Calls {@code task} for inputs {@code 0..count-1} on {@code threads} threads named {@code name}, at most
     * {@code lookAhead} inputs past the one being handed over, and passes the results to {@code sink} in order.
     */
    static <R> void run(int count, int threads, int lookAhead, String name, IntFunction<R> task, Failure<R> failure,
            Sink<R> sink) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> pending = new ArrayList<>();
            int next = 0;
            for (int done = 0; done < count; done++) {
                while (next < count && next - done < lookAhead) {
                    int i = next++;
                    pending.add(pool.submit(() -> task.apply(i)));
                }
                R result;
                try {
                    result = pending.get(done).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    result = failure.of(done, "interrupted");
                } catch (ExecutionException e) {
                    result = failure.of(done, "internal error: " + e.getCause());
                }
                pending.set(done, null);
                sink.accept(done, result);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
