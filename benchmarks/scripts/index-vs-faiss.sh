#!/usr/bin/env bash
# Side-by-side Hamming search: mediamatch `bench index` and FAISS (faiss_bench.py) on the same dataset files.
#
#   benchmarks/scripts/index-vs-faiss.sh N QUERIES [uniform|clustered] [FLIPS...]
#     e.g. benchmarks/scripts/index-vs-faiss.sh 1000000 1000 uniform 15 31 128
#
# FLIPS: queries are database hashes with that many random bits flipped; 128 makes unrelated hashes (no match).
# Needs: cli/target/mediamatch.jar (mvn -B -q package -DskipTests) and Debian's python3-faiss
# (apt-get install -y python3-faiss; it runs under /usr/bin/python3). Data goes to benchmarks/target/faiss-data.
# Env: JAVA_OPTS (default -Xmx8g, plus -XX:+UseTransparentHugePages where the kernel offers THP, as bin/mediamatch
#      does), DISTANCE (31), K (1), THREADS (1), ENGINES ("auto scan"),
#      CLOCK (wall | cpu: both sides report CPU seconds of the searching threads instead of elapsed time,
#      steadier on a shared machine; FAISS's perf_counter is swapped for process_time, its code is unchanged),
#      MEDIAMATCH_JAR (default cli/target/mediamatch.jar),
#      FAISS_BENCH (default: shared/tools/faiss_bench.py beside the repo), SEED (1),
#      NATIVE (1: also build benchmarks/scripts/scan-peer.cpp with g++ -O3 -march=native and run it on the same
#      files, twice: as compiled, which auto-vectorises popcount with AVX-512 VPOPCNTDQ where the CPU has it, and
#      with -mno-avx512vpopcntdq, scalar hardware popcount; 0: skip),
#      VECTOR_JAVA (default Temurin 25's java where installed: also runs ours with --engine scan on that JVM with
#      --add-modules jdk.incubator.vector, the Vector API scan kernel; empty: skip).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n=${1:?N}; nq=${2:?QUERIES}; kind=${3:-uniform}; shift $(( $# < 3 ? $# : 3 ))
flips=("$@"); [[ ${#flips[@]} -gt 0 ]] || flips=(15)
faiss_bench=${FAISS_BENCH:-}
if [[ -z $faiss_bench ]]; then  # the shared folder beside the repo (or beside a worktree's parent)
  for c in "$root/../shared/tools/faiss_bench.py" "$root/../../shared/tools/faiss_bench.py"; do
    [[ -f $c ]] && { faiss_bench=$c; break; }
  done
fi
jar=${MEDIAMATCH_JAR:-$root/cli/target/mediamatch.jar}
clock=${CLOCK:-wall}
thp=""
grep -qE '\[(madvise|always)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null && thp=" -XX:+UseTransparentHugePages"
java_opts=${JAVA_OPTS:--Xmx8g$thp}
native=()
if [[ ${NATIVE:-1} == 1 ]] && command -v g++ >/dev/null; then
  nd="$root/benchmarks/target/native"; mkdir -p "$nd"
  g++ -O3 -march=native -o "$nd/scan-peer" "$root/benchmarks/scripts/scan-peer.cpp"
  g++ -O3 -march=native -mno-avx512vpopcntdq -o "$nd/scan-peer-scalar" "$root/benchmarks/scripts/scan-peer.cpp"
  native=("$nd/scan-peer" "$nd/scan-peer-scalar")
fi
vector_java=${VECTOR_JAVA-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
[[ -x $vector_java ]] || vector_java=""
d=${DISTANCE:-31}; k=${K:-1}; threads=${THREADS:-1}; seed=${SEED:-1}
[[ -f "$jar" ]] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
[[ -f "$faiss_bench" ]] || { echo "faiss_bench.py not found beside the repo (set FAISS_BENCH)" >&2; exit 2; }
clustered=(); [[ $kind == clustered ]] && clustered=(--clustered)
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), java $(java -version 2>&1 | head -1)"
for f in "${flips[@]}"; do
  dir="$root/benchmarks/target/faiss-data/$kind-$n-q$nq-f$f-s$seed"
  if [[ ! -s "$dir/queries.hex" ]]; then
    /usr/bin/python3 "$faiss_bench" generate --n "$n" --queries "$nq" --flips "$f" "${clustered[@]}" \
        --seed "$seed" --out "$dir" >/dev/null
  fi
  echo "## $kind n=$n queries=$nq flips=$f (flips 128 = unrelated, no match) range d<=$d k=$k threads=$threads clock=$clock load: $(cut -d' ' -f1-3 /proc/loadavg)"
  for e in ${ENGINES:-auto scan}; do
    # shellcheck disable=SC2086
    java $java_opts -jar "$jar" bench index --db "$dir/db.hex" --queries "$dir/queries.hex" \
        --distance "$d" --k "$k" --threads "$threads" --engine "$e" --clock "$clock"
  done
  if [[ -n $vector_java && " ${ENGINES:-auto scan} " == *" scan "* ]]; then
    # shellcheck disable=SC2086
    "$vector_java" $java_opts --add-modules jdk.incubator.vector -jar "$jar" bench index --db "$dir/db.hex" \
        --queries "$dir/queries.hex" --distance "$d" --k "$k" --threads "$threads" --engine scan --clock "$clock" \
        2> >(grep -v 'incubator modules' >&2)
  fi
  for exe in "${native[@]}"; do  # single-threaded; elapsed time, best of 3 passes over all queries
    echo -n "$(basename "$exe"): "; "$exe" "$dir/db.hex" "$dir/queries.hex" "$d" 3
  done
  if [[ $clock == cpu ]]; then
    /usr/bin/python3 -c 'import runpy, sys, time
time.perf_counter = time.process_time
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")' "$faiss_bench" run --db "$dir/db.hex" --queries "$dir/queries.hex" \
        --distance "$d" --k "$k" --threads "$threads"
  else
    /usr/bin/python3 "$faiss_bench" run --db "$dir/db.hex" --queries "$dir/queries.hex" \
        --distance "$d" --k "$k" --threads "$threads"
  fi
done
