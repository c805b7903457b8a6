/**
 * Claim: imports point down only (ARCHITECTURE §2, STYLE rule 18): no source file in a folder
 * imports a file in a folder of a higher rank, by the rank table of docs/architecture.md §2; and
 * nothing outside test/ imports test/. Reads every relative import (static and `import()`) of
 * firmware/, receiver/, tools/ and bench/.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sourceFiles } from "../support/source-files.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TEST_RANK = Number.POSITIVE_INFINITY;

/** Folder (with trailing /) → rank, from the table of §2. */
function ranks(): Map<string, number> {
  const doc = readFileSync(path.join(repoRoot, "docs/architecture.md"), "utf8");
  const start = doc.indexOf("\n## 2.");
  const end = doc.indexOf("\n## ", start + 1);
  const out = new Map<string, number>();
  for (const line of doc.slice(start, end).split("\n")) {
    const m = /^\|\s*(\d+)\s*\|([^|]*)\|/.exec(line);
    if (!m) continue;
    for (const f of m[2].matchAll(/`([^`]+\/)`/g)) out.set(f[1], Number(m[1]));
  }
  return out;
}

/** The rank of the folder holding `file` (repo-relative): its nearest listed ancestor. */
function rankOf(file: string, table: Map<string, number>): number | undefined {
  if (file.startsWith("test/")) return TEST_RANK;
  const parts = file.split("/").slice(0, -1);
  for (let n = parts.length; n > 0; n--) {
    const rank = table.get(parts.slice(0, n).join("/") + "/");
    if (rank !== undefined) return rank;
  }
  return undefined;
}

/** Every relative import in the code: [importing file, imported file], repo-relative. */
function imports(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const dir of ["firmware", "receiver", "tools", "bench"]) {
    for (const file of sourceFiles(path.join(repoRoot, dir), { pattern: /\.(ts|js|mjs)$/, skip: ["node_modules", "types"] })) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
        const target = path.normalize(path.join(path.dirname(file), m[1]));
        out.push([path.relative(repoRoot, file).split(path.sep).join("/"), path.relative(repoRoot, target).split(path.sep).join("/")]);
      }
    }
  }
  return out;
}

test("§2's rank table names the layers, lowest first", (t) => {
  const table = ranks();
  t.is(table.get("firmware/core/"), 0);
  t.true(table.get("firmware/hal/")! < table.get("firmware/stack/")!, "hal below stack");
  t.true(table.get("firmware/stack/")! < table.get("firmware/espnow/")!, "stack below the ESP-NOW adapter");
  t.true(table.get("tools/")! < table.get("bench/")! && table.get("bench/")! < table.get("tools/bin/")!, "tools/ below bench/ below tools/bin/");
});

test("no folder imports a folder above it, and only test/ imports test/", (t) => {
  const table = ranks();
  const all = imports();
  t.true(all.length > 300, `found ${all.length} imports`);
  const unranked = new Set<string>();
  const upward: string[] = [];
  for (const [from, to] of all) {
    const rf = rankOf(from, table);
    const rt = rankOf(to, table);
    if (rf === undefined) unranked.add(path.posix.dirname(from));
    if (rt === undefined) unranked.add(path.posix.dirname(to));
    if (rf === undefined || rt === undefined || rt <= rf) continue;
    upward.push(`${from} (rank ${rf}) imports ${to} (rank ${rt === TEST_RANK ? "test" : rt})`);
  }
  t.deepEqual([...unranked].sort(), [], "folders §2's table does not rank");
  t.deepEqual(upward, [], "imports that point up");
});
