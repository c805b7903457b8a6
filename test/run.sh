#!/usr/bin/env bash
# Runs the whole test suite (ava over TAP), then lists the five slowest test files, and ends with
# a plain "N passed, N failed" line. Keeps ava's exit status. Extra arguments go to ava (e.g. a
# file glob). Each ava worker records its file's wall and CPU time (test/support/file-time.ts).
set -uo pipefail
cd "$(dirname "$0")/.."
tap=$(mktemp)
times=$(mktemp -d)
WB_TEST_TIMES_DIR="$times" npx ava --tap "$@" 2>&1 | tee "$tap"
rc=${PIPESTATUS[0]}
pass=$(awk '/^# pass /{print $3}' "$tap")
fail=$(awk '/^# fail /{print $3}' "$tap")
skip=$(awk '/^# skip /{print $3}' "$tap")
rm -f "$tap"
node -e '
  const fs = require("node:fs"), path = require("node:path");
  const dir = process.argv[1];
  const rows = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
  if (rows.length === 0) process.exit(0);
  const s = (ms) => (ms / 1000).toFixed(1).padStart(6);
  const cpu = rows.reduce((a, r) => a + r.cpu_ms, 0);
  console.log(`\nSlowest test files (wall s, worker CPU s; ${rows.length} files, whose workers used ${(cpu / 1000).toFixed(0)} s of CPU in all):`);
  for (const r of rows.sort((a, b) => b.wall_ms - a.wall_ms).slice(0, 5)) console.log(`${s(r.wall_ms)} ${s(r.cpu_ms)}  ${r.file}`);
' "$times" || true
rm -rf "$times"
if [ -n "${skip:-}" ] && [ "${skip}" != "0" ]; then
  echo "${pass:-0} passed, ${fail:-0} failed, ${skip} skipped"
else
  echo "${pass:-0} passed, ${fail:-0} failed"
fi
exit "$rc"
