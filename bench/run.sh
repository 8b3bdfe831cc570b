#!/usr/bin/env bash
# Runs the benchmarks (see docs/benchmarks.md) on fresh H2 file databases under target/bench/db,
# writes target/bench/results.json and appends a dated section to docs/benchmarks.md.
#
#   ./bench/run.sh                      # 10k and 100k events, 5 rounds each
#   ./bench/run.sh --full               # 10k, 100k and 1M events (P5 start-up and the profiles at 1M)
#   ./bench/run.sh -Dbench.rounds=7 ... # any bench.* property of LedgerBenchmark
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
for a in "$@"; do
  case "$a" in
    --full) args+=("-Dbench.scales=10000,100000,1000000") ;;
    *) args+=("$a") ;;
  esac
done
# P5 measures the production start (bin/ledger) of the packaged jar
mvn -B -q package -DskipTests
jar=$(ls "$PWD"/target/commitment-ledger-*.jar | grep -v -- '-plain' | head -n 1)
mvn -B -q -Pbench verify -DskipTests=false -Dbench.jar="$jar" "${args[@]}"
echo "results: target/bench/results.json, target/bench/results.md (appended to docs/benchmarks.md)"
cat target/bench/results.md
