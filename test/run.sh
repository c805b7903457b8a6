#!/usr/bin/env bash
# Runs the whole test suite (ava over TAP), then lists the five slowest test files, and ends with
# a plain "N passed, N failed" line. Keeps ava's exit status. Extra arguments go to ava (e.g. a
# file glob). Each ava worker records its file's wall and CPU time (test/support/file-time.ts);
# they are kept in build/test-times.json (merged over earlier runs, so a run of some files keeps
# the others' times), which ava.config.js reads to start the longest files first. The run's own
# wall and CPU time (ava and every process it waited for) and the load average are printed and
# kept there as `last_run`.
# A whole-suite run (no arguments, as `make test`) sets WB_TEST_GROUPS=1: ava.config.js then runs
# the short files fit to share a worker a dozen or so to a worker (test/support/short-file-groups.ts).
# A group's record keeps its members' last times alone (which decide the grouping) and is listed
# as the group, with its files, among the slowest.
set -uo pipefail
cd "$(dirname "$0")/.."
tap=$(mktemp)
times=$(mktemp -d)
started=$(date +%s.%N)
groups=0
[ "$#" -eq 0 ] && groups=1
WB_TEST_GROUPS=$groups WB_TEST_TIMES_DIR="$times" node_modules/.bin/ava --tap "$@" 2>&1 | tee "$tap"
rc=${PIPESTATUS[0]}
wall=$(echo "$(date +%s.%N) - $started" | bc)
# `times`' second line: the user and system CPU of every child this shell waited for (ava, its workers and theirs).
# (`times` in this shell, not in a $(…) subshell, which has waited for nothing.)
times >"$tap.cpu"
cpu=$(sed -n 2p "$tap.cpu" | awk '{ for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); s += p[1] * 60 + p[2] } } END { printf "%.1f", s }')
rm -f "$tap.cpu"
load=$(cut -d' ' -f1-3 /proc/loadavg)
pass=$(awk '/^# pass /{print $3}' "$tap")
fail=$(awk '/^# fail /{print $3}' "$tap")
skip=$(awk '/^# skip /{print $3}' "$tap")
rm -f "$tap"
mkdir -p build
node -e '
  const fs = require("node:fs"), path = require("node:path");
  const [dir, keep, wall, cpu, load, argc] = process.argv.slice(1);
  const rows = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
  if (rows.length === 0) process.exit(0);
  let kept = {};
  try { kept = JSON.parse(fs.readFileSync(keep, "utf8")); } catch {}
  const files = kept.files ?? {};
  const groups = {};
  for (const r of rows) {
    if (r.members === undefined) files[r.file] = { wall_ms: r.wall_ms, cpu_ms: r.cpu_ms };
    else groups[r.file] = { wall_ms: r.wall_ms, cpu_ms: r.cpu_ms, members: r.members };
  }
  const s = (ms) => (ms / 1000).toFixed(1).padStart(6);
  const workerCpu = rows.reduce((a, r) => a + r.cpu_ms, 0);
  const run = { at: new Date().toISOString(), files: rows.length, all: argc === "0", wall_s: Number(wall), cpu_s: Number(cpu), worker_cpu_s: Math.round(workerCpu / 1000), load };
  fs.writeFileSync(keep, JSON.stringify({ last_run: run, files, groups }, null, 1) + "\n");
  console.log(`\nSlowest test files (wall s, worker CPU s; ${rows.length} files, whose workers used ${(workerCpu / 1000).toFixed(0)} s of CPU in all):`);
  const name = (r) => {
    if (r.members === undefined) return r.file;
    const m = Object.keys(r.members).sort();
    return `${r.file}: ${m.length} short files, ${m[0]} … ${m.at(-1)}`;
  };
  for (const r of rows.sort((a, b) => b.wall_ms - a.wall_ms).slice(0, 5)) console.log(`${s(r.wall_ms)} ${s(r.cpu_ms)}  ${name(r)}`);
  const grouped = rows.filter((r) => r.members !== undefined);
  if (grouped.length > 0) console.log(`(${grouped.reduce((a, r) => a + Object.keys(r.members).length, 0)} short files ran in ${grouped.length} groups: build/test-groups/, test/support/short-file-groups.ts)`);
  console.log(`ava: ${run.wall_s.toFixed(0)} s wall, ${run.cpu_s.toFixed(0)} s CPU (ava, its workers and their children); load average ${load}`);
' "$times" build/test-times.json "$wall" "$cpu" "$load" "$#" || true
rm -rf "$times"
if [ -z "${pass:-}" ] && [ "$rc" != "0" ]; then
  # ava itself stopped before its summary (e.g. its TAP reporter cannot print an uncaught error
  # that has an undefined property): do not print "0 passed, 0 failed" as if nothing had run.
  echo "ava stopped before its summary (exit status $rc): see the output above; no pass/fail count"
elif [ -n "${skip:-}" ] && [ "${skip}" != "0" ]; then
  echo "${pass:-0} passed, ${fail:-0} failed, ${skip} skipped"
else
  echo "${pass:-0} passed, ${fail:-0} failed"
fi
exit "$rc"
