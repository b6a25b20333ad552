#!/usr/bin/env bash
# Uploads/s through the stream job (local Flink, in-process Kafka) at parallelism 1 and 2 against a bank of
# SIGNALS random PDQ signals, each file sent twice (a first pass that warms the job, then a second, timed as its
# running rate; both with the process's CPU by thread group), next to `bin/mediamatch match --threads 1|2` (whole
# process) and core's MediaMatcher on the same files in the same run; signal-change-to-match latency (median of
# ROUNDS); job start (banks rebuilt from the compacted topic) and checkpoint size. Prints a markdown table.
# Needs the jars: mvn -B -q -pl cli,benchmarks -am package -DskipTests
# Usage: stream-throughput.sh [SIGNALS=1000000] [COPIES=50] [ROUNDS=9] [CHECKPOINT_SECONDS=5]
#   (COPIES of the 12 bridge-mods JPEGs; ROUNDS of signal-change latency; the jobs' checkpoint interval)
set -euo pipefail
cd "$(dirname "$0")/../.."
SIGNALS=${1:-1000000}; COPIES=${2:-50}; ROUNDS=${3:-9}; CHECKPOINT=${4:-5}
for jar in benchmarks/target/benchmarks.jar cli/target/mediamatch.jar; do
  [[ -f $jar ]] || { echo "stream-throughput: $jar not found; build: mvn -B -q -pl cli,benchmarks -am package -DskipTests" >&2; exit 2; }
done
DIR=benchmarks/target/stream-throughput; rm -rf "$DIR/kafka" "$DIR"/checkpoints-* "$DIR"/rebuild-*; mkdir -p "$DIR"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# the bank's store is kept between runs of the same size (its import is not what is measured)
MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=134217728 \
  java -Xmx8g -cp benchmarks/target/benchmarks.jar io.mediamatch.benchmarks.StreamThroughput \
  "$DIR" test-fixtures/data/reference/pdq/images/bridge-mods "$SIGNALS" "$COPIES" "$ROUNDS" "$PWD/bin/mediamatch" "$CHECKPOINT"
echo "after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
