package io.mediamatch.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback image server that holds every request until {@link #release}: for tests of work in flight (full
 * queues, deadlines, shutdown). Answers {@code body} as image/jpeg, or 500 when it is null. Close it to stop.
 */
final class HeldImageServer implements AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger arrived = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final HttpServer server;

    HeldImageServer(byte[] body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.createContext("/", x -> {
            arrived.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (body == null) {
                x.sendResponseHeaders(500, -1);
                x.close();
                return;
            }
            x.getResponseHeaders().set("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // the service gave up
            }
        });
        server.start();
    }

    /** The URL of {@code path} on this server. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Requests that have arrived so far. */
    int arrived() {
        return arrived.get();
    }

    /** Waits until {@code n} requests have arrived; false if they did not within {@code within}. */
    boolean awaitArrivals(int n, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (arrived.get() < n) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Lets every held and later request through. */
    void release() {
        release.countDown();
    }

    /** A pool for the test's own concurrent requests, shut down with the server. */
    ExecutorService pool() {
        return pool;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
