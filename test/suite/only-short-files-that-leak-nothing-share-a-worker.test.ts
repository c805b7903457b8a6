/**
 * Claim: `make test` puts a test file into a shared worker (test/support/short-file-groups.ts)
 * only when it was short and did not wait in its last run alone, and its source declares no hooks,
 * snapshots or `.only`, changes no process-wide state and starts no other process; every such
 * file is in exactly one group, imported once, right after the marker that names it; and a group
 * holds at most GROUP_CPU_MS of its members' recorded CPU (unless one member alone). Checked over
 * random trees of test files in a temporary checkout, then on this checkout's own tree.
 */
import test from "ava";
import fc from "fast-check";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GROUP_CPU_MS, GROUPS_DIR, MAX_CPU_MS, MAX_WALL_PER_CPU, type FileTimes, testFiles, writeGroups } from "../support/short-file-groups.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Source lines that must keep a file in its own worker, and a plain one that need not. */
const KINDS = {
  plain: `test("adds", (t) => { t.is(1 + 1, 2); });`,
  beforeEach: `test.beforeEach(() => undefined);`,
  after: `test.after.always(() => undefined);`,
  snapshot: `test("s", (t) => { t.snapshot(1); });`,
  only: `test.only("o", (t) => { t.is(2 * 2, 4); });`,
  env: `process.env.BELL_LANG = "vi";`,
  chdir: `process.chdir("/tmp");`,
  processOn: `process.on("exit", () => undefined);`,
  global: `globalThis.shared = 1;`,
  spawns: `import { spawn } from "node:child_process"; spawn("true");`,
  bellChild: `import { BellChild } from "../support/bell-child.ts";`,
  pty: `import { openPty } from "../support/pty.ts";`,
  xs: `import { runInNodeAndXs } from "../support/run-in-both-engines.ts";`,
} as const;
type Kind = keyof typeof KINDS;

interface Spec {
  folder: string;
  kind: Kind;
  times: FileTimes | undefined;
}

const spec: fc.Arbitrary<Spec> = fc.record({
  folder: fc.constantFrom("core", "sim", "flash", "xs"),
  kind: fc.constantFrom(...(Object.keys(KINDS) as Kind[])),
  // Wall time as a percentage of CPU time: from a file that computes (100 %) to one that mostly waits.
  times: fc.option(
    fc.tuple(fc.integer({ min: 300, max: (3 * MAX_CPU_MS) / 2 }), fc.integer({ min: 100, max: 400 })).map(([cpu_ms, percent]) => ({ cpu_ms, wall_ms: Math.round((cpu_ms * percent) / 100) })),
    { nil: undefined },
  ),
});

/** Whether the rules of short-file-groups.ts let this file share a worker. */
function fit(s: Spec): boolean {
  return (
    s.kind === "plain" &&
    !["flash", "xs"].includes(s.folder) &&
    s.times !== undefined &&
    s.times.cpu_ms <= MAX_CPU_MS &&
    s.times.wall_ms <= MAX_WALL_PER_CPU * s.times.cpu_ms + 1000
  );
}

/** Each group entry's imports, in order, as [marker's `file`, imported member] pairs (repo-relative). */
function entries(repo: string): Map<string, [string, string][]> {
  const out = new Map<string, [string, string][]>();
  for (const name of readdirSync(path.join(repo, GROUPS_DIR)).sort()) {
    const entry = path.join(GROUPS_DIR, name);
    const imports = [...readFileSync(path.join(repo, entry), "utf8").matchAll(/^import "([^"]+)";$/gm)].map((m) => m[1]);
    const pairs: [string, string][] = [];
    for (let i = 0; i < imports.length; i += 2) {
      const marker = new URL(imports[i], "file:///x/").searchParams.get("file") ?? "";
      pairs.push([marker, path.relative(repo, path.resolve(repo, path.dirname(entry), imports[i + 1]))]);
    }
    out.set(entry, pairs);
  }
  return out;
}

test("property: exactly the short files that leak nothing are grouped, each once, after its own marker", (t) => {
  const repo = mkdtempSync(path.join(tmpdir(), "wb-groups-"));
  try {
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 40 }), (specs) => {
        rmSync(path.join(repo, "test"), { recursive: true, force: true });
        const times: Record<string, FileTimes> = {};
        const want: string[] = [];
        specs.forEach((s, i) => {
          const file = path.join("test", s.folder, `f${String(i).padStart(2, "0")}.test.ts`);
          mkdirSync(path.join(repo, path.dirname(file)), { recursive: true });
          writeFileSync(path.join(repo, file), `import test from "ava";\n${KINDS[s.kind]}\n`);
          if (s.times !== undefined) times[file] = s.times;
          if (fit(s)) want.push(file);
        });
        const { groups, grouped } = writeGroups(repo, times);
        t.deepEqual([...grouped].sort(), want.sort());
        const written = entries(repo);
        t.deepEqual([...written.keys()], groups.map((g) => g.file));
        const imported = [...written.values()].flat();
        for (const [marker, member] of imported) t.is(marker, member);
        t.deepEqual(imported.map(([, m]) => m).sort(), want.sort());
        for (const g of groups) {
          t.deepEqual(written.get(g.file)!.map(([, m]) => m), g.members);
          t.is(g.cpu_ms, g.members.reduce((a, m) => a + times[m].cpu_ms, 0));
          t.true(g.members.length === 1 || g.cpu_ms <= GROUP_CPU_MS, `${g.file}: ${g.cpu_ms} ms`);
        }
      }),
      { seed: 15_4, numRuns: 100 },
    );
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test("on this checkout: no file that starts a process, declares hooks or touches process state is grouped", (t) => {
  const repo = mkdtempSync(path.join(tmpdir(), "wb-groups-"));
  try {
    // A copy of the tree's test files, every one recorded as short, so only the source rules decide.
    const files = testFiles(repoRoot);
    t.true(files.length > 300, `${files.length} test files`);
    const times: Record<string, FileTimes> = {};
    for (const f of files) {
      mkdirSync(path.join(repo, path.dirname(f)), { recursive: true });
      writeFileSync(path.join(repo, f), readFileSync(path.join(repoRoot, f)));
      times[f] = { cpu_ms: 1000, wall_ms: 1000 };
    }
    const { grouped } = writeGroups(repo, times);
    t.true(grouped.length > 150, `${grouped.length} of ${files.length} files fit a group`);
    const leaks = /\btest\.(before|after|beforeEach|afterEach)\b|\.snapshot\(|\bprocess\.(chdir|on\(|once\()|child_process|bell-child|support\/pty|console-pty|mosquitto|xsnap|runInNodeAndXs/;
    t.deepEqual(grouped.filter((f) => leaks.test(readFileSync(path.join(repoRoot, f), "utf8"))), []);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
