#!/usr/bin/env bash
# Runs `mediamatch eval` on the reference photos (one per photo family) plus seeded synthetic photos, with
# distractors, under several query configurations, and prints a markdown table of recall at d<=31 per edit and the
# false-positive rates. Run from the repo root after `mvn -B -q package -DskipTests`.
# Usage: benchmarks/scripts/eval-compare.sh [OUT_DIR]   (default: target/eval-compare)
# Env: ONLY="plain unframe" re-runs just those configurations (the table uses all results present in OUT_DIR);
#      THREADS (default 2), SYNTHETIC (60), SYNTHETIC_DISTRACTORS (200).
set -euo pipefail
out="${1:-target/eval-compare}"
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
configs=("plain|" "dihedral|--dihedral" "unletterbox|--preprocess unletterbox" "unframe|--preprocess unframe"
         "both|--preprocess unletterbox,unframe" "dihedral+both|--dihedral --preprocess unletterbox,unframe")
mkdir -p "$out"
for c in "${configs[@]}"; do
  name="${c%%|*}"; flags="${c#*|}"
  if [[ -n "${ONLY:-}" && " $ONLY " != *" $name "* ]]; then continue; fi
  echo "== $name: bin/mediamatch eval ${common[*]} $flags --out $out/$name" >&2
  # shellcheck disable=SC2086
  bin/mediamatch eval "${common[@]}" $flags --out "$out/$name" > "$out/$name.txt"
done
python3 - "$out" "${configs[@]}" <<'PY'
import json, sys
out, configs = sys.argv[1], [c.split('|')[0] for c in sys.argv[2:]]
reps = {c: json.load(open(f"{out}/{c}/report.json")) for c in configs}
first = reps[configs[0]]
i31 = first["distances"].index(31)
print("| edit | " + " | ".join(configs) + " |")
print("|---|" + "---:|" * len(configs))
for k, t in enumerate(first["transforms"]):
    cells = [f'{reps[c]["transforms"][k]["recall"][i31]*100:.1f}%' for c in configs]
    print(f'| {t["transform"]} | ' + " | ".join(cells) + " |")
print("| **all edits** | " + " | ".join(f'**{reps[c]["overall"]["recall"][i31]*100:.1f}%**' for c in configs) + " |")
for d in first["distances"]:
    i = first["distances"].index(d)
    cells = []
    for c in configs:
        fp = reps[c]["falsePositives"]
        n = fp["queries"]; bad = fp["variantsMatchingAnotherOriginal"][i] + fp["distractorsMatched"][i]
        cells.append(f'{fp["rate"][i]*100:.2f}% ({bad}/{n})')
    print(f"| false-positive rate, d<={d} | " + " | ".join(cells) + " |")
for d in first["distances"]:
    i = first["distances"].index(d)
    print(f"| recall, all edits, d<={d} | " + " | ".join(f'{reps[c]["overall"]["recall"][i]*100:.1f}%' for c in configs) + " |")
print()
print("seconds: " + ", ".join(f'{c} {reps[c]["config"]["seconds"]:.0f}' for c in configs))
PY
