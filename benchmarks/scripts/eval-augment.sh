#!/usr/bin/env bash
# Augmented banking: runs `mediamatch eval --augment SET` for several candidate view sets (banks built from the
# originals with their views; queries with --dihedral --preprocess unletterbox,unframe, and plain for the first
# and default sets), on the eval-compare.sh inputs, then on seeded near-duplicate sets; prints the curve (recall
# per edit at d<=31 against hashes per banked item) and the false-positive side (rate, closest wrong distance).
# Run from the repo root after `mvn -B -q package -DskipTests`.
# Usage: benchmarks/scripts/eval-augment.sh [OUT_DIR]   (default: target/eval-augment)
# Env: ONLY="none default" re-runs just those sets (the table uses every result present in OUT_DIR);
#      THREADS (default 2), SYNTHETIC (60), SYNTHETIC_DISTRACTORS (200), NEAR (40).
set -euo pipefail
out="${1:-target/eval-augment}"
R=test-fixtures/data/reference/pdq
threads="${THREADS:-2}"
common=(
  --originals "$R/images/bridge-mods/aaa-orig.jpg" --originals "$R/images/exif-rotn/exif-rotn-1.jpg"
  --originals "$R/images/misc-images/c.png" --originals "$R/images/misc-images/wee.jpg"
  --originals "$R/images/pen-and-coaster.png"
  --synthetic "${SYNTHETIC:-60}" --synthetic-distractors "${SYNTHETIC_DISTRACTORS:-200}"
  --distractors "$R/synthetic/checker-512x512.png" --distractors "$R/synthetic/gray-800x600.png"
  --distractors "$R/synthetic/noise-1920x1080.png" --distractors "$R/synthetic/palette-640x480.png"
  --distractors "$R/synthetic/plasma-1001x777.png" --distractors "$R/synthetic/rgba-700x500.png"
  --extra-hashes test-fixtures/data/reference/index/haystack.txt
  --distances 16,24,31,40 --seed 1 --threads "$threads"
)
near=(--near-duplicates "${NEAR:-40}" --transforms crop-10,crop-25-side,rotate-5,jpeg-q70 --distances 16,24,31,40
      --seed 1 --threads "$threads")
query=(--dihedral --preprocess unletterbox,unframe)
targets="centre-80,top-75,bottom-75,left-75,right-75,rot-cw-5,rot-ccw-5"  # one view per target edit
mid="centre-90,centre-85,centre-75,centre-70,top-85,bottom-85,left-85,right-85"
mid="$mid,top-left-85,top-right-85,bottom-left-85,bottom-right-85"
dense="centre-70,centre-72,centre-75,centre-78,centre-80,centre-82,centre-85,centre-88,centre-90"
for k in 70 75 80 85 90; do dense="$dense,top-$k,bottom-$k,left-$k,right-$k"; done
for k in 80 85 90; do dense="$dense,top-left-$k,top-right-$k,bottom-left-$k,bottom-right-$k"; done
for d in 2 3 4 5 6 7 8; do dense="$dense,rot-cw-$d,rot-ccw-$d"; done
# name|--augment value|query flags ("plain" for none)
sets=("none|none|q" "targets|$targets|q" "default|default|q" "default+mid|default,$mid|q" "dense|$dense|q"
      "none-plain|none|plain" "default-plain|default|plain")
mkdir -p "$out"
for s in "${sets[@]}"; do
  IFS='|' read -r name aug q <<<"$s"
  if [[ -n "${ONLY:-}" && " $ONLY " != *" $name "* ]]; then continue; fi
  flags=("${query[@]}"); [[ "$q" == plain ]] && flags=()
  echo "== $name: bin/mediamatch eval ${common[*]} ${flags[*]} --augment $aug --out $out/$name" >&2
  bin/mediamatch eval "${common[@]}" "${flags[@]}" --augment "$aug" --out "$out/$name" > "$out/$name.txt"
  echo "== $name (near-duplicates): bin/mediamatch eval ${near[*]} ${flags[*]} --augment $aug --out $out/$name-near" >&2
  bin/mediamatch eval "${near[@]}" "${flags[@]}" --augment "$aug" --out "$out/$name-near" > "$out/$name-near.txt"
done
python3 - "$out" "${sets[@]}" <<'PY'
import json, os, sys
out, names = sys.argv[1], [s.split('|')[0] for s in sys.argv[2:]]
names = [n for n in names if os.path.exists(f"{out}/{n}/report.json")]
reps = {n: json.load(open(f"{out}/{n}/report.json")) for n in names}
near = {n: json.load(open(f"{out}/{n}-near/report.json")) for n in names if os.path.exists(f"{out}/{n}-near/report.json")}
first = reps[names[0]]
i31 = first["distances"].index(31)
def per_item(r):
    c = r["config"]
    return 1 + c["augmentedHashes"] / c["originalCount"]
print("| edit | " + " | ".join(names) + " |")
print("|---|" + "---:|" * len(names))
print("| hashes per banked item | " + " | ".join(f'{per_item(reps[n]):.2f}' for n in names) + " |")
for k, t in enumerate(first["transforms"]):
    print(f'| {t["transform"]} | ' + " | ".join(f'{reps[n]["transforms"][k]["recall"][i31]*100:.1f}%' for n in names) + " |")
print("| **all edits** | " + " | ".join(f'**{reps[n]["overall"]["recall"][i31]*100:.1f}%**' for n in names) + " |")
for d in first["distances"]:
    i = first["distances"].index(d)
    cells = []
    for n in names:
        fp = reps[n]["falsePositives"]
        bad = fp["variantsMatchingAnotherOriginal"][i] + fp["distractorsMatched"][i]
        cells.append(f'{fp["rate"][i]*100:.2f}% ({bad}/{fp["queries"]})')
    print(f"| false-positive rate, d<={d} | " + " | ".join(cells) + " |")
print("| closest wrong distance (distractors) | " + " | ".join(
    f'{reps[n]["falsePositives"]["closestWrongDistance"]} ({reps[n]["falsePositives"]["closestDistractorDistance"]})' for n in names) + " |")
for d in first["distances"]:
    i = first["distances"].index(d)
    cells = []
    for n in names:
        if n not in near:
            cells.append("-"); continue
        fp = near[n]["falsePositives"]
        cells.append(f'{fp["distractorsMatched"][i]}/{fp["distractors"]}')
    print(f"| near-duplicate distractors matched, d<={d} | " + " | ".join(cells) + " |")
print("| closest near-duplicate distance | " + " | ".join(
    str(near[n]["falsePositives"]["closestDistractorDistance"]) if n in near else "-" for n in names) + " |")
print()
print("seconds: " + ", ".join(f'{n} {reps[n]["config"]["seconds"]:.0f}' for n in names))
PY
