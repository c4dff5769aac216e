#!/usr/bin/env bash
# The long fuzzing runs (the test command runs each harness only for seconds):
# each named harness (default: all) under ASan + UBSan until it has executed
# 10 million inputs or run for the time given, whichever comes first; then its
# new inputs are merged into its corpus in the repository (tests/fuzz/corpus/<name>,
# only those that add coverage). Prints one line per harness: executions, seconds,
# corpus size, and any crash file (kept in build/sanitize/tests/fuzz/).
#
#   tools/fuzz.sh [--minutes 20] [name ...]     names: idx model_file protocol
#                                               link_state import drawing worker
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
minutes=20
if [ "${1:-}" = "--minutes" ]; then minutes="$2"; shift 2; fi
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(idx model_file protocol link_state import drawing worker)

cmake --preset sanitize >/dev/null && cmake --build --preset sanitize >/dev/null || { echo "sanitize build failed"; exit 1; }
FUZZ="$ROOT/build/sanitize/tests/fuzz"
status=0
for n in "${names[@]}"; do
  work="$FUZZ/long/$n"
  rm -rf "$work" && mkdir -p "$work"
  log="$FUZZ/long/$n.log"
  (cd "$FUZZ" && ./fuzz_$n -runs=10000000 -max_total_time=$((minutes * 60)) -timeout=60 -rss_limit_mb=2048 \
     -print_final_stats=1 "$work" "$ROOT/tests/fuzz/corpus/$n" >"$log" 2>&1)
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}')
  secs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | awk '{print $5}')
  (cd "$FUZZ" && ./fuzz_$n -merge=1 "$ROOT/tests/fuzz/corpus/$n" "$work" >/dev/null 2>&1)
  crash=$(grep -o 'Test unit written to [^ ]*' "$log" | awk '{print $5}')
  printf '%s: %s executions in %s s, exit %d, corpus %d files%s\n' "$n" "${execs:-?}" "${secs:-?}" "$rc" \
    "$(ls "$ROOT/tests/fuzz/corpus/$n" | wc -l)" "${crash:+, crash: $crash}"
  [ "$rc" -eq 0 ] || status=1
done
exit $status
