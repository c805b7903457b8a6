/**
 * Claim: ARCHITECTURE §3 (docs/architecture.md) lists every event of the typed contract
 * (`firmware/core/events.ts`) and only those, each with the contract's `device` column and every
 * field named; and every event name the code emits is in the contract, and every event of the
 * contract is emitted somewhere — as docs/errors.md is checked against the error ids.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EVENT_CONTRACT, type EventName } from "../../firmware/core/events.ts";
import { sourceFiles } from "../support/source-files.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const contract = new Map(Object.entries(EVENT_CONTRACT) as Array<[EventName, (typeof EVENT_CONTRACT)[EventName]]>);

interface Row {
  names: string[];
  device: string;
  fields: string;
}

/** The rows of the tables of §3 ("## 3." up to the next "## "). */
function section3Rows(): Row[] {
  const doc = readFileSync(path.join(repoRoot, "docs/architecture.md"), "utf8");
  const start = doc.indexOf("\n## 3.");
  const end = doc.indexOf("\n## ", start + 1);
  const rows: Row[] = [];
  for (const line of doc.slice(start, end).split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 5 || !cells[1].startsWith("`")) continue;
    rows.push({ names: [...cells[1].matchAll(/`([a-z_]+)`/g)].map((m) => m[1]), device: cells[2], fields: cells.slice(3, -1).join("|") });
  }
  return rows;
}

/**
 * Event names the code emits: the first string literal given to `emit(`, `record(` or
 * `observe?.(` (the apps, the device entry points, the simulator's engine and medium), and the
 * `event: "…"` of the outputs a passive policy returns for its wiring to emit (the receiver's
 * `ReceiverOutput`, the escalation's `EscalationEvent`).
 */
function emittedInCode(): Map<string, string> {
  const found = new Map<string, string>();
  for (const dir of ["firmware", "receiver", "tools"]) {
    for (const file of sourceFiles(path.join(repoRoot, dir))) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\b(?:emit|record|observe\?\.)\((?:[\w.]+, )?"([a-z_]+)"/g)) found.set(m[1], path.relative(repoRoot, file));
      for (const m of text.matchAll(/[{,]\s+event: "([a-z_]+)"/g)) found.set(m[1], path.relative(repoRoot, file));
    }
  }
  return found;
}

test("§3 lists every event of the contract and only those, with the contract's device column", (t) => {
  const rows = section3Rows();
  const documented = rows.flatMap((r) => r.names);
  t.true(documented.length > 20, `found ${documented.length} events in §3`);
  t.deepEqual(documented.filter((n, i) => documented.indexOf(n) !== i), [], "events listed twice in §3");
  t.deepEqual([...contract.keys()].filter((n) => !documented.includes(n)).sort(), [], "events of the contract missing from §3");
  t.deepEqual(documented.filter((n) => !contract.has(n as EventName)).sort(), [], "events in §3 that the contract does not have");
  for (const row of rows) {
    for (const name of row.names) {
      const spec = contract.get(name as EventName);
      if (spec === undefined) continue;
      t.is(row.device, spec.source, `§3's device column of ${name}`);
      const missing = Object.keys(spec.fields).filter((f) => !row.fields.includes(`\`${f}\``));
      t.deepEqual(missing, [], `fields of ${name} not named in §3`);
    }
  }
});

test("every event the code emits is in the contract, and every event of the contract is emitted", (t) => {
  const emitted = emittedInCode();
  t.true(emitted.size > 20, `found ${emitted.size} emitted names`);
  const unknown = [...emitted].filter(([name]) => !contract.has(name as EventName)).map(([name, file]) => `${name} (${file})`);
  t.deepEqual(unknown, [], "emitted events missing from firmware/core/events.ts");
  const never = [...contract.keys()].filter((n) => n !== "summary" && !emitted.has(n));
  t.deepEqual(never, [], "events of the contract nothing emits");
});
