#!/usr/bin/env bash
# The reliability runs (docs/reliability.md), outside the normal test suite:
#   crash        20 cycles of kill -9 of the real jar while 4 clients write (CrashReliabilityRun)
#   concurrency  16 clients × 1,000 revisions of one pledge, then × 1,000 writes on one fund (ConcurrencyReliabilityRun)
#   fuzz         the bad-input fuzzer's long run, 12,000 generated hostile requests (BadInputFuzzTests)
# Everything runs on 127.0.0.1 with its own H2 files under target/reliability/, and stops by itself (each part is
# bounded, the whole run by a timeout). Figures: target/reliability/results.md (printed at the end).
#
#   ./reliability/run.sh                     # everything (5–20 minutes on 2 cores)
#   ./reliability/run.sh --quick             # 3 crash cycles, 16 × 100 writes per concurrency case, 1,500 fuzz requests
#   ./reliability/run.sh --only=crash,fuzz   # some parts
#   ./reliability/run.sh -Dreliability.seed=7 -Dreliability.crash.cycles=5 ...   # any runner property
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
parts="crash,concurrency,fuzz"
props=()
for a in "$@"; do
  case "$a" in
    --quick) quick=true ;;
    --only=*) parts="${a#--only=}" ;;
    -D*) props+=("$a") ;;
    *) echo "unknown option $a (see the head of $0)" >&2; exit 2 ;;
  esac
done
if $quick; then
  props=("-Dreliability.crash.cycles=3" "-Dreliability.concurrency.writes=100" "${props[@]}")
  fuzz_requests=1500
else
  fuzz_requests=12000
fi

mkdir -p target/reliability
[ -f target/reliability/results.md ] && mv target/reliability/results.md target/reliability/results-previous.md

# 1. The jar, rebuilt when any main source or the pom is newer than it.
jar=$(ls target/commitment-ledger-*.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit)" ]; then
  echo "building the jar"
  mvn -B -q -o package -DskipTests
  jar=$(ls target/commitment-ledger-*.jar | head -1)
fi

# 2. The same jar extracted with a class-data-sharing archive (bin/ledger, the production start, ADR 0018): starts
#    in about two thirds of the time, which is what 20 restarts cost. Recreated when the jar is newer.
app=target/reliability/app
LEDGER_JAR="$jar" LEDGER_APP_DIR="$PWD/$app" bin/ledger --prepare > /dev/null
run_jar="$PWD/$app/$(basename "$jar")"
jvm="-Xmx512m -XX:SharedArchiveFile=$PWD/$app/app.jsa"

status=0
tests=()
[[ ",$parts," == *",concurrency,"* ]] && tests+=("ConcurrencyReliabilityRun")
[[ ",$parts," == *",crash,"* ]] && tests+=("CrashReliabilityRun")
if [ ${#tests[@]} -gt 0 ]; then
  list=$(IFS=,; echo "${tests[*]}")
  echo "running $list (log: target/reliability/runs.log)"
  timeout --signal=TERM 40m mvn -B -o -Preliability test -Dtest="$list" -Dreliability.jar="$run_jar" \
    -Dreliability.jvmArgs="$jvm" "${props[@]}" > target/reliability/runs.log 2>&1 || status=1
  grep -E "Tests run:|FAIL" target/reliability/runs.log | tail -4 || true
fi

if [[ ",$parts," == *",fuzz,"* ]]; then
  started=$(date +%s)
  out=$(timeout --signal=TERM 20m mvn -B -o test -Dtest=BadInputFuzzTests -Dfuzz.requests="$fuzz_requests" 2>&1) \
    || status=1
  line=$(grep -m1 "bad-input fuzz:" <<< "$out" || true)
  summary=$(grep -E "Tests run:" <<< "$out" | tail -1)
  {
    echo ""
    echo "### Bad input: $fuzz_requests generated requests — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo ""
    echo "Command: \`mvn -B -o test -Dtest=BadInputFuzzTests -Dfuzz.requests=$fuzz_requests\` ($(( $(date +%s) - started )) s)"
    echo ""
    echo "${line:-the fuzzer printed no summary}"
    echo ""
    echo "Surefire: ${summary}"
  } >> target/reliability/results.md
fi

echo
cat target/reliability/results.md
exit $status
