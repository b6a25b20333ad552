#!/usr/bin/env bash
# Load test of `mediamatch serve` on loopback: N random PDQ signals in one bank, lookups by hash at 8/64/256
# connections (no-match and match), the batch route, time to /status 200 from the saved index, and (N=1M) image
# uploads next to `mediamatch match` on the same files. Every run is bounded; the server is stopped at the end.
# Lookups are driven by wrk (Debian: apt-get install wrk) through serve-lookup.lua; the batch route and uploads by
# ServeLoad (JDK HttpClient). Each load line reports the generator's own CPU share of the machine.
# Usage: benchmarks/scripts/serve-load.sh [N] [SECONDS]   (after: mvn -B -q -DskipTests package)
set -euo pipefail
N=${1:-1000000}
SECS=${2:-15}
PORT=${PORT:-5099}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/benchmarks/target/serve
mkdir -p "$out"
jar=$root/benchmarks/target/benchmarks.jar
load() { java -Xmx2g -cp "$jar" io.mediamatch.benchmarks.ServeLoad "$@"; }
db=$out/serve-$N.db
hashes=$out/hashes-$N.txt
if [ ! -f "$db" ]; then
  load hashes "$N" 42 "$hashes"
  "$root/bin/mediamatch" db import --db "$db" --format hashlist --bank LOAD --no-progress "$hashes" >&2
fi
url=http://127.0.0.1:$PORT
pid=
stop() { if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; fi; }
trap stop EXIT
start() {
  local t0 t1
  t0=$(date +%s.%N)
  "$root/bin/mediamatch" serve --db "$db" --port "$PORT" --max-stale 0 >>"$out/serve-$N.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/status" || true)" = 200 ]; then break; fi
    sleep 0.05
  done
  t1=$(date +%s.%N)
  echo "{\"what\":\"ready\",\"signals\":$N,\"seconds_to_status_200\":$(echo "$t1 - $t0" | bc)}"
}
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), N=$N, ${SECS}s per run"
start            # first start: builds and saves the index if there is none yet
stop
start            # the measured start: from the saved index
cores=$(nproc)
wrkrun() {  # connections mode seconds: one JSON line with wrk's CPU share appended
  local line cpu
  TIMEFORMAT='%U %S'
  { time MODE=$2 HASHES=$hashes wrk -t1 -c"$1" -d"$3"s -s "$root/benchmarks/scripts/serve-lookup.lua" "$url" \
      > "$out/wrk.txt"; } 2> "$out/wrk-cpu.txt"
  line=$(tail -1 "$out/wrk.txt")
  cpu=$(awk -v s="$3" -v c="$cores" '{printf "%.3f", ($1 + $2) / (s * c)}' "$out/wrk-cpu.txt")
  echo "${line%\}},\"connections\":$1,\"seconds\":$3,\"signals\":$N,\"generator_cpu_share\":$cpu}"
}
for c in 8 64 256; do
  for mode in nomatch match; do
    wrkrun "$c" "$mode" 5 > /dev/null   # warm-up: JIT, connections
    wrkrun "$c" "$mode" "$SECS"
  done
done
load batch "$url" 5
if [ "$N" = 1000000 ]; then
  imgs=$out/images
  if [ ! -d "$imgs" ]; then
    mkdir -p "$imgs"
    for i in $(seq 1 50); do
      for f in "$root"/test-fixtures/data/reference/pdq/images/bridge-mods/*.jpg; do
        cp "$f" "$imgs/$i-$(basename "$f")"
      done
    done
  fi
  load uploads "$url" 2 "$SECS" "$imgs"
  load uploads "$url" 8 "$SECS" "$imgs"
  stop
  n=$(ls "$imgs" | wc -l)
  t0=$(date +%s.%N)
  "$root/bin/mediamatch" match --db "$db" --no-progress --no-exact "$imgs" >/dev/null || true
  t1=$(date +%s.%N)
  echo "{\"what\":\"cli_match\",\"images\":$n,\"seconds\":$(echo "$t1 - $t0" | bc),\"per_second\":$(echo "$n / ($t1 - $t0)" | bc -l | cut -c1-7)}"
fi
stop
