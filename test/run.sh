#!/usr/bin/env bash
# Runs the whole test suite (ava over TAP), then lists the five slowest test files, and ends with
# a plain "N passed, N failed" line. Keeps ava's exit status. Extra arguments go to ava (e.g. a
# file glob). Each ava worker records its file's wall and CPU time (test/support/file-time.ts);
# they are kept in build/test-times.json (merged over earlier runs, so a run of some files keeps
# the others' times), which ava.config.js reads to start the longest files first. The run's own
# wall and CPU time (ava and every process it waited for) and the load average are printed and
# kept there as `last_run`.
# `make test` runs it as `test/run.sh --make-test`: it then first runs `make test-checks` (the
# type-checks and check-device; a failure there stops the run before ava, as before), so the run's
# wall and CPU time cover the whole target. Every run is kept in build/test-run.json (commit,
# dirty tree, wall and CPU, load average at start and end, test counts, which caches were warm,
# the five slowest files), which `make bench`'s test-time section judges against issue 15 §4's
# target (test/support/run-record.js writes it; bench/test-time.ts reads it).
# A whole-suite run (no arguments, as `make test`) sets WB_TEST_GROUPS=1: ava.config.js then runs
# the short files fit to share a worker a dozen or so to a worker (test/support/short-file-groups.ts).
# A group's record keeps its members' last times alone (which decide the grouping) and is listed
# as the group, with its files, among the slowest.
set -uo pipefail
cd "$(dirname "$0")/.."
target="test/run.sh"
if [ "${1:-}" = "--make-test" ]; then
  target="make test"
  shift
fi
work=$(mktemp -d)
mkdir "$work/times"
started=$(date +%s.%N)
# What the run starts with (commit, load, caches), before `make test-checks` may install anything.
node test/support/run-record.js --before >"$work/before.json"
checks=()
rc=0
if [ "$target" = "make test" ]; then
  "${MAKE:-make}" --no-print-directory test-checks
  rc=$?
  checks=(--checks-exit "$rc" --checks-wall "$(echo "$(date +%s.%N) - $started" | bc)")
  # `times` here, not in a $(…) subshell, which has waited for nothing: the CPU of every child
  # this shell waited for so far (the checks), taken from the end's to give ava's own.
  times >"$work/cpu-checks"
fi
ava=()
if [ "$rc" = "0" ]; then
  tap="$work/tap"
  groups=0
  [ "$#" -eq 0 ] && groups=1
  ava_started=$(date +%s.%N)
  WB_TEST_GROUPS=$groups WB_TEST_TIMES_DIR="$work/times" node_modules/.bin/ava --tap "$@" 2>&1 | tee "$tap"
  rc=${PIPESTATUS[0]}
  ava=(--ava-exit "$rc" --ava-wall "$(echo "$(date +%s.%N) - $ava_started" | bc)")
  pass=$(awk '/^# pass /{print $3}' "$tap")
  fail=$(awk '/^# fail /{print $3}' "$tap")
  skip=$(awk '/^# skip /{print $3}' "$tap")
  [ -n "${pass:-}" ] && ava+=(--pass "$pass" --fail "${fail:-0}" --skip "${skip:-0}")
fi
wall=$(echo "$(date +%s.%N) - $started" | bc)
# The second line: the user and system CPU of every child this shell waited for (the checks, ava,
# its workers and theirs); the first, this shell's own.
times >"$work/cpu-end"
node test/support/run-record.js --after --work "$work" --target "$target" --wall "$wall" "${checks[@]}" "${ava[@]}" -- "$@" || true
rm -rf "$work"
if [ ${#ava[@]} -eq 0 ]; then
  echo "the type-checks or check-device failed (exit status $rc): see the output above; no test ran"
elif [ -z "${pass:-}" ] && [ "$rc" != "0" ]; then
  # ava itself stopped before its summary (e.g. its TAP reporter cannot print an uncaught error
  # that has an undefined property): do not print "0 passed, 0 failed" as if nothing had run.
  echo "ava stopped before its summary (exit status $rc): see the output above; no pass/fail count"
elif [ -n "${skip:-}" ] && [ "${skip}" != "0" ]; then
  echo "${pass:-0} passed, ${fail:-0} failed, ${skip} skipped"
else
  echo "${pass:-0} passed, ${fail:-0} failed"
fi
exit "$rc"
