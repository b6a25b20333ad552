// Native peer for mediamatch's brute-force Hamming scan: exact range search d <= D over 256-bit hashes,
// each database hash loaded once and compared with 8 query hashes per pass, hardware popcount.
// Build: g++ -O3 -march=native -o scan-peer scan-peer.cpp
// Run:   scan-peer DB_FILE QUERY_FILE [D=31] [ROUNDS=3]
// Files: one 64-hex hash per line, optional ",metadata" after it (the faiss_bench.py format).
// Prints ms per query hash (best round), comparisons per second and the number of (query, hash) pairs found.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

static bool parse(const std::string& line, uint64_t out[4]) {
    if (line.size() < 64) return false;
    for (int w = 0; w < 4; w++) {
        uint64_t v = 0;
        for (int i = 0; i < 16; i++) {
            char c = line[w * 16 + i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) return false;
            v = (v << 4) | (uint64_t) d;
        }
        out[w] = v;
    }
    return true;
}

static std::vector<uint64_t> load(const char* path) {
    std::ifstream in(path);
    if (!in) { std::fprintf(stderr, "cannot read %s\n", path); std::exit(1); }
    std::vector<uint64_t> v;
    std::string line;
    uint64_t h[4];
    while (std::getline(in, line)) {
        if (parse(line, h)) v.insert(v.end(), h, h + 4);
    }
    return v;
}

int main(int argc, char** argv) {
    if (argc < 3) { std::fprintf(stderr, "usage: scan-peer DB QUERIES [D] [ROUNDS]\n"); return 2; }
    std::vector<uint64_t> db = load(argv[1]);
    std::vector<uint64_t> qs = load(argv[2]);
    int maxD = argc > 3 ? std::atoi(argv[3]) : 31;
    int rounds = argc > 4 ? std::atoi(argv[4]) : 3;
    size_t n = db.size() / 4;
    size_t nq = qs.size() / 4 / 8 * 8;  // whole passes of 8
    if (n == 0 || nq == 0) { std::fprintf(stderr, "need hashes and at least 8 queries\n"); return 1; }
    double best = 1e300;
    long found = 0;
    for (int r = 0; r < rounds; r++) {
        found = 0;
        auto t0 = std::chrono::steady_clock::now();
        for (size_t b = 0; b < nq; b += 8) {
            const uint64_t* q = &qs[b * 4];
            for (size_t i = 0; i < n; i++) {
                const uint64_t* h = &db[i * 4];
                uint64_t a = h[0], c = h[1], e = h[2], f = h[3];
                for (int j = 0; j < 8; j++) {
                    int d = __builtin_popcountll(a ^ q[j * 4]) + __builtin_popcountll(c ^ q[j * 4 + 1])
                          + __builtin_popcountll(e ^ q[j * 4 + 2]) + __builtin_popcountll(f ^ q[j * 4 + 3]);
                    found += d <= maxD;
                }
            }
        }
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (s < best) best = s;
    }
    std::printf("native-scan range d<=%d n=%zu queries=%zu: %.3f ms/query, %.2fG comparisons/s, found %ld\n",
                maxD, n, nq, best * 1e3 / nq, (double) n * nq / best / 1e9, found);
    return 0;
}
