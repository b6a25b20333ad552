#!/usr/bin/env bash
# Longer coverage-guided fuzzing of core's Jazzer targets (*FuzzTest) with Jazzer's standalone libFuzzer driver,
# continuing the corpus that the build's 15-second runs leave in core/target/fuzz. Findings (crashes, hangs over
# 10 s, OutOfMemoryError under -Xmx512m) are written to core/target/fuzz/findings/ and end the run with exit 1.
#   core/fuzz.sh SECONDS [TARGET...]     e.g. core/fuzz.sh 600 ImageDecoderFuzzTest
# Targets: ImageDecoderFuzzTest AnimationFuzzTest ImportFuzzTest IndexFileFuzzTest (default: all, SECONDS each).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: core/fuzz.sh SECONDS [TARGET...]}
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(ImageDecoderFuzzTest AnimationFuzzTest ImportFuzzTest IndexFileFuzzTest)
fi
mvn -B -q -pl test-fixtures,core test-compile dependency:build-classpath -Dmdep.outputFile=target/fuzz.cp \
  -Dmdep.includeScope=test
cp="core/target/test-classes:core/target/classes:$(cat core/target/fuzz.cp)"
mkdir -p core/target/fuzz/findings
status=0
for t in "${targets[@]}"; do
  src=$(find core/src/test/java -name "$t.java" | head -1)
  if [ -z "$src" ]; then
    echo "fuzz.sh: no fuzz target $t" >&2
    exit 2
  fi
  class=${src#core/src/test/java/}
  class=${class%.java}
  class=${class//\//.}
  seeds=$(find test-fixtures/src/main/resources -type d -path "*/${t}Inputs/*" | head -1)
  corpus=core/target/fuzz/.cifuzz-corpus/$class/$(basename "$seeds")
  mkdir -p "$corpus"
  log=core/target/fuzz/$t.log
  if java -Xmx512m -cp "$cp" com.code_intelligence.jazzer.Jazzer --target_class="$class" \
      --instrumentation_includes='io.mediamatch.**' -max_total_time="$seconds" -timeout=10 \
      -artifact_prefix=core/target/fuzz/findings/ "$corpus" "$seeds" >"$log" 2>&1; then
    echo "$t: $(grep -E '^Done [0-9]+ runs' "$log" | tail -1), corpus $(ls "$corpus" | wc -l) inputs, no finding"
  else
    status=1
    echo "$t: FINDING, see $log and core/target/fuzz/findings/" >&2
    grep -E '^(==|Exception|Caused by|	at io\.mediamatch)' "$log" | head -20 >&2
  fi
done
exit $status
