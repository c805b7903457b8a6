#!/usr/bin/env bash
# Runs the whole test suite (ava over TAP) and ends with a plain "N passed, N failed" line.
# Keeps ava's exit status. Extra arguments go to ava (e.g. a file glob).
set -uo pipefail
cd "$(dirname "$0")/.."
tap=$(mktemp)
npx ava --tap "$@" 2>&1 | tee "$tap"
rc=${PIPESTATUS[0]}
pass=$(awk '/^# pass /{print $3}' "$tap")
fail=$(awk '/^# fail /{print $3}' "$tap")
skip=$(awk '/^# skip /{print $3}' "$tap")
rm -f "$tap"
if [ -n "${skip:-}" ] && [ "${skip}" != "0" ]; then
  echo "${pass:-0} passed, ${fail:-0} failed, ${skip} skipped"
else
  echo "${pass:-0} passed, ${fail:-0} failed"
fi
exit "$rc"
