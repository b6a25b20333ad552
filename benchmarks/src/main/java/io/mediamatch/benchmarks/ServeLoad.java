package io.mediamatch.benchmarks;

import io.mediamatch.pdq.Hash256;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load generator for {@code mediamatch serve}: N keep-alive connections (one JDK HttpClient thread
 * each) send lookups for a fixed time against a loopback URL and stop; prints one JSON line with lookups/s,
 * latency percentiles, errors and the generator's own CPU share. Also writes the random hash lists the stores are
 * built from ({@code hashes}), and times image uploads ({@code uploads}).
 *
 * <pre>
 * ServeLoad hashes N SEED FILE                 N random PDQ hashes, one per line (hashlist format)
 * ServeLoad lookup URL CONNS SECONDS MODE FILE  MODE nomatch (fresh random hashes) or match (FILE's hashes,
 *                                              8 bits flipped)
 * ServeLoad batch URL COUNT                     COUNT POST /m/lookup_batch calls of 10,000 fresh random hashes
 * ServeLoad uploads URL CONNS SECONDS DIR       POST /m/lookup with the JPEGs in DIR, round robin
 * </pre>
 */
public final class ServeLoad {
    private ServeLoad() {}

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "hashes" -> writeHashes(Integer.parseInt(args[1]), Long.parseLong(args[2]), Path.of(args[3]));
            case "lookup" -> lookup(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4],
                    args.length > 5 ? Path.of(args[5]) : null);
            case "batch" -> batch(args[1], Integer.parseInt(args[2]));
            case "uploads" -> uploads(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Path.of(args[4]));
            default -> {
                System.err.println("usage: ServeLoad hashes N SEED FILE | lookup URL CONNS SECONDS nomatch|match"
                        + " [FILE] | uploads URL CONNS SECONDS DIR");
                System.exit(2);
            }
        }
    }

    static void writeHashes(int n, long seed, Path file) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < n; i++) {
                w.write(Hash256.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()).toHex());
                w.write('\n');
            }
        }
    }

    /** The target must be a loopback address: this generator never loads another host. */
    private static URI loopback(String url) throws IOException {
        URI u = URI.create(url);
        if (!InetAddress.getByName(u.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("the load generator only targets loopback addresses, not " + url);
        }
        return u;
    }

    /** What one connection thread did. */
    private static final class Worker extends Thread {
        long[] latencies = new long[1 << 12];
        int n;
        long errors;
        long matched;
        private final Runnable body;

        Worker(Runnable body) {
            this.body = body;
        }

        @Override
        public void run() {
            body.run();
        }
    }

    interface Request {
        HttpRequest next(SplittableRandom random);
    }

    static void lookup(String url, int conns, int seconds, String mode, Path hashFile) throws Exception {
        URI base = loopback(url);
        List<Hash256> banked = new ArrayList<>();
        if (mode.equals("match")) {
            try (var lines = Files.lines(hashFile)) {
                lines.limit(1_000_000).forEach(l -> banked.add(Hash256.fromHex(l.strip())));
            }
        } else if (!mode.equals("nomatch")) {
            throw new IllegalArgumentException("mode is nomatch or match, not " + mode);
        }
        Request req = random -> {
            Hash256 h = banked.isEmpty() ? Hash256.of(random.nextLong(), random.nextLong(), random.nextLong(),
                    random.nextLong()) : banked.get(random.nextInt(banked.size())).flipRandomBits(8, random);
            return HttpRequest.newBuilder(base.resolve("/m/lookup?signal_type=pdq&signal=" + h.toHex()))
                    .timeout(Duration.ofSeconds(30)).GET().build();
        };
        run(base, conns, seconds, req, "lookup-" + mode);
    }

    static void batch(String url, int count) throws Exception {
        URI base = loopback(url);
        HttpClient client = HttpClient.newHttpClient();
        SplittableRandom random = new SplittableRandom(7);
        long nanos = 0;
        long hashes = 0;
        for (int i = 0; i <= count; i++) {
            StringBuilder body = new StringBuilder("{\"signal_type\":\"pdq\",\"signals\":[");
            for (int j = 0; j < 10_000; j++) {
                body.append(j == 0 ? "\"" : ",\"").append(Hash256.of(random.nextLong(), random.nextLong(),
                        random.nextLong(), random.nextLong()).toHex()).append('"');
            }
            body.append("]}");
            HttpRequest req = HttpRequest.newBuilder(base.resolve("/m/lookup_batch")).timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("batch lookup answered " + r.statusCode() + ": " + r.body());
            }
            if (i > 0) { // the first call warms up
                nanos += System.nanoTime() - t0;
                hashes += 10_000;
            }
        }
        System.out.printf(Locale.ROOT, "{\"what\":\"lookup_batch\",\"calls\":%d,\"hashes\":%d,"
                + "\"per_second\":%.0f}%n", count, hashes, hashes / (nanos / 1e9));
    }

    static void uploads(String url, int conns, int seconds, Path dir) throws Exception {
        URI base = loopback(url);
        List<byte[]> bodies = new ArrayList<>();
        String boundary = "mediamatch-load";
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted()
                    .toList()) {
                byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\""
                        + f.getFileName() + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8);
                byte[] img = Files.readAllBytes(f);
                byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
                byte[] all = Arrays.copyOf(head, head.length + img.length + tail.length);
                System.arraycopy(img, 0, all, head.length, img.length);
                System.arraycopy(tail, 0, all, head.length + img.length, tail.length);
                bodies.add(all);
            }
        }
        if (bodies.isEmpty()) {
            throw new IllegalArgumentException("no .jpg files in " + dir);
        }
        AtomicLong next = new AtomicLong();
        Request req = random -> HttpRequest.newBuilder(base.resolve("/m/lookup?types=pdq"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get((int) (next.getAndIncrement()
                        % bodies.size())))).build();
        run(base, conns, seconds, req, "uploads");
    }

    private static void run(URI base, int conns, int seconds, Request req, String what) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        // Warm-up: connections opened, JIT on both sides.
        long warmEnd = System.nanoTime() + Duration.ofSeconds(Math.min(5, Math.max(1, seconds / 4))).toNanos();
        long end = warmEnd + Duration.ofSeconds(seconds).toNanos();
        List<Worker> workers = new ArrayList<>();
        for (int c = 0; c < conns; c++) {
            long seed = 1000 + c;
            Worker[] self = new Worker[1];
            Worker w = new Worker(() -> {
                Worker me = self[0];
                SplittableRandom random = new SplittableRandom(seed);
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    try {
                        HttpResponse<String> r = client.send(req.next(random), HttpResponse.BodyHandlers.ofString());
                        long dt = System.nanoTime() - t0;
                        if (t0 >= warmEnd) {
                            if (r.statusCode() != 200) {
                                me.errors++;
                            } else {
                                if (me.n == me.latencies.length) {
                                    me.latencies = Arrays.copyOf(me.latencies, me.n * 2);
                                }
                                me.latencies[me.n++] = dt;
                                if (r.body().contains("bank_content_id")) {
                                    me.matched++;
                                }
                            }
                        }
                    } catch (IOException e) {
                        if (t0 >= warmEnd) {
                            me.errors++;
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            self[0] = w;
            w.setDaemon(true);
            workers.add(w);
        }
        for (Worker w : workers) {
            w.start();
        }
        Thread.sleep(Math.max(0, (warmEnd - System.nanoTime()) / 1_000_000));
        long measuredCpu0 = ProcessCpu.nanos();
        for (Worker w : workers) {
            w.join(Duration.ofSeconds(seconds + 90).toMillis());
        }
        long measuredCpu = ProcessCpu.nanos() - measuredCpu0;
        long total = 0;
        long errors = 0;
        long matched = 0;
        for (Worker w : workers) {
            total += w.n;
            errors += w.errors;
            matched += w.matched;
        }
        long[] all = new long[(int) total];
        int k = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, all, k, w.n);
            k += w.n;
        }
        Arrays.sort(all);
        double wall = seconds;
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "{\"what\":\"%s\",\"connections\":%d,\"seconds\":%d,\"requests\":%d,"
                        + "\"per_second\":%.0f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"p999_ms\":%.2f,\"errors\":%d,"
                        + "\"matched\":%d,\"generator_cpu_share\":%.3f}%n",
                what, conns, seconds, total, total / wall, pct(all, 0.50), pct(all, 0.99), pct(all, 0.999), errors,
                matched, measuredCpu / (wall * 1e9 * cores));
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
