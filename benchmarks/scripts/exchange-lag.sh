#!/usr/bin/env bash
# Lag from a record appearing at an exchange to it being matchable in `mediamatch serve`: a local_file exchange
# of N hashes, the service fetching every second; each round appends one new hash to the file and polls
# /m/raw_lookup on loopback until it matches. Usage: exchange-lag.sh [N=1000] [ROUNDS=10] [PORT=5077]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000}; ROUNDS=${2:-10}; PORT=${3:-5077}
DIR=benchmarks/target/exchange-lag; rm -rf "$DIR"; mkdir -p "$DIR"
python3 - "$N" > "$DIR/hashes.txt" <<'PY'
import random, sys
r = random.Random(7)
for _ in range(int(sys.argv[1])):
    print('%064x' % r.getrandbits(256))
PY
bin/mediamatch exchange add --db "$DIR/lag.db" LAG --api local_file --set "path=$PWD/$DIR/hashes.txt" >/dev/null
bin/mediamatch exchange fetch --db "$DIR/lag.db" >/dev/null
bin/mediamatch serve --db "$DIR/lag.db" --port "$PORT" --fetch-every 1 2>"$DIR/serve.log" &
PID=$!; trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/status" >/dev/null && break; sleep 0.1; done
python3 - "$PORT" "$DIR/hashes.txt" "$ROUNDS" "$N" <<'PY'
import json, random, statistics, sys, time, urllib.request
port, path, rounds, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
r = random.Random(99)
lags = []
for i in range(rounds):
    h = '%064x' % r.getrandbits(256)
    time.sleep(r.uniform(0.2, 1.2))          # land at a random point of the fetch cycle
    with open(path, 'a') as f:
        f.write(h + '\n')
    t0 = time.monotonic()
    while True:
        with urllib.request.urlopen('http://127.0.0.1:%d/m/raw_lookup?signal_type=pdq&signal=%s' % (port, h), timeout=5) as resp:
            if json.load(resp)['matches']:
                break
        if time.monotonic() - t0 > 120:
            sys.exit('round %d: not matchable within 120 s' % i)
        time.sleep(0.01)
    lags.append(time.monotonic() - t0)
lags.sort()
print('local_file of %d hashes, fetch every 1 s, %d rounds: lag median %.2f s, min %.2f s, max %.2f s'
      % (n, rounds, statistics.median(lags), lags[0], lags[-1]))
PY
