#!/usr/bin/env bash
# Whole-process timings of what a user runs, alternating with the peers in the same minutes.
# Usage: benchmarks/scripts/startup-compare.sh [ROUNDS]   (after `mvn -B -q package -DskipTests`)
# Peers, built outside the repository from facebook/ThreatExchange (never committed):
#   PDQ_REFERENCE_JAR  Meta's Java PDQ tools (pdq/java, main class pdqhashing.tools.PDQPhotoHasherTool)
#   TMK_HASH_VIDEO     Meta's C++ tmk-hash-video (tmk/cpp), which runs FFMPEG (default /usr/bin/ffmpeg)
# A peer that is not set is left out. Prints one row per command: median and range of wall and CPU seconds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
rounds="${1:-9}"
img=test-fixtures/data/reference/pdq/images/bridge-mods/aaa-orig.jpg
video=test-fixtures/data/reference/video/videos/chair-19-sd-bar.mp4
ffmpeg="${FFMPEG:-/usr/bin/ffmpeg}"
out="$root/benchmarks/target/startup"
rm -rf "$out" && mkdir -p "$out"

declare -a names=() cmds=()
add() { names+=("$1"); cmds+=("$2"); }
add "mediamatch hash IMAGE" "bin/mediamatch hash $img"
[[ -n "${PDQ_REFERENCE_JAR:-}" ]] && add "Java reference PDQPhotoHasherTool IMAGE" "java -jar $PDQ_REFERENCE_JAR $img"
add "mediamatch hash --tmk -o DIR VIDEO" "bin/mediamatch hash --tmk -o $out/mm $video"
[[ -n "${TMK_HASH_VIDEO:-}" ]] && add "C++ tmk-hash-video VIDEO" "$TMK_HASH_VIDEO -f $ffmpeg -i $video -o $out/cpp.tmk"
add "README's first command (match 42 images, sample db)" "bin/mediamatch match test-fixtures/data/reference/pdq/images"

for ((r = 0; r < rounds; r++)); do
  for i in "${!cmds[@]}"; do
    # %e wall, %U+%S CPU; the exit code is ignored (match exits 1 when something matched)
    /usr/bin/time -f "%e %U %S" -o "$out/t" bash -c "${cmds[$i]} >/dev/null 2>&1" || true
    tail -1 "$out/t" | awk -v i="$i" '{printf "%d %.3f %.3f\n", i, $1, $2 + $3}' >> "$out/times"
  done
done

printf '| command | wall s, median (min-max) | CPU s, median (min-max) |\n|---|---|---|\n'
for i in "${!cmds[@]}"; do
  awk -v i="$i" '$1 == i {print $2, $3}' "$out/times" | sort -n > "$out/w"
  awk -v i="$i" '$1 == i {print $3}' "$out/times" | sort -n > "$out/c"
  wall=$(awk '{a[NR]=$1} END {printf "%.2f (%.2f-%.2f)", a[int((NR+1)/2)], a[1], a[NR]}' "$out/w")
  cpu=$(awk '{a[NR]=$1} END {printf "%.2f (%.2f-%.2f)", a[int((NR+1)/2)], a[1], a[NR]}' "$out/c")
  printf '| %s | %s | %s |\n' "${names[$i]}" "$wall" "$cpu"
done
echo "rounds: $rounds; $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
