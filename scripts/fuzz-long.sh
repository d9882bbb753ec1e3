#!/usr/bin/env bash
# The long fuzz run (docs/FUZZING.md): chunks of ITERATIONS mutated executions, one per
# TARGET:SEED argument, run one after another, each deterministic for its seed, built with
# overflow checks on (an arithmetic overflow panics as in a debug build). Run one instance per
# core, with different seeds. Each chunk's summary line goes to LOG (default fuzz-long.log);
# inputs that panic or break a promise go to fuzz-artifacts/. Exit 1 if any chunk found one.
# Usage: scripts/fuzz-long.sh [-n ITERATIONS (default 1000000)] [-l LOG] TARGET:SEED...
# e.g.   scripts/fuzz-long.sh -n 1000000 scenario:101 scenario:102 architecture:201
set -euo pipefail
cd "$(dirname "$0")/.."
n=1000000
log=fuzz-long.log
while getopts "n:l:" o; do
  case "$o" in
    n) n="$OPTARG" ;;
    l) log="$OPTARG" ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "$#" -gt 0 ] || { echo "usage: $0 [-n ITERATIONS] [-l LOG] TARGET:SEED..." >&2; exit 2; }
export CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS=true
cargo build --release -q -p shieldsim-fuzz
bin="${CARGO_TARGET_DIR:-target}/release/shieldsim-fuzz"
status=0
for chunk in "$@"; do
  target="${chunk%%:*}"
  seed="${chunk##*:}"
  start=$(date +%s)
  if ! "$bin" --target "$target" --seed "$seed" --iterations "$n" --quiet >>"$log.out" 2>&1; then
    status=1
  fi
  line="$(grep "^fuzz $target:" "$log.out" | tail -1)"
  echo "$(date -u +%FT%TZ) seed $seed, $(($(date +%s) - start)) s wall: $line" >>"$log"
done
exit "$status"
