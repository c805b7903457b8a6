/**
 * Section "field-store" (issue 10, part B): "delivered" is a promise through full stores,
 * failing writes and power cuts.
 *
 * 1. Store sizing: the post's incident table and the caller's pending list driven past their
 *    stated worst cases (20 callers × 600 unacknowledged presses; 1 500 presses a caller's post
 *    never acks); after every press the store is reloaded and compared: lost = presses accepted
 *    but not in flash.
 * 2. Power cuts at every write point: a scenario replayed once per write of the post (and of one
 *    caller), the power cut just before that write; plain, and with the post's incident writes
 *    failing for a while first. Lost = alarms a caller was told "delivered" that the post
 *    neither holds nor reset, plus presses never delivered.
 * 3. A child at the button: one press a second for ten minutes (quick: two) at one caller, nobody
 *    acknowledging, the post's power cut every 97 s; every press must end delivered and counted.
 */
import type { CallerApp } from "../firmware/caller/app.ts";
import { AlarmMemory, PENDING_CAPACITY } from "../firmware/core/policy/caller-alarm-memory.ts";
import type { ReceiverApp } from "../receiver/app.ts";
import { COALESCE_AT, INCIDENT_STORE_KEYS, INCIDENT_TABLE_CAPACITY, IncidentTable, type Incident } from "../receiver/incidents.ts";
import type { WriteFault } from "./harness/faulty-store.ts";
import { Fuse, runWithPowerCut } from "./harness/power-cut.ts";
import { SimStore } from "../tools/sim/store.ts";
import { fmtInt } from "./format.ts";
import type { Failure, SectionRunner, SummaryRow, Table } from "./section.ts";

const countPresses = (all: readonly Incident[]) => all.reduce((n, i) => n + (i.presses ?? 1), 0);

/** The post's table under `callers` × `pressesEach` unacknowledged presses, checked after each. */
function postTable(callers: number, pressesEach: number) {
  const store = new SimStore();
  const table = new IncidentTable(store);
  let accepted = 0;
  let lost = 0;
  for (let press = 1; press <= pressesEach; press++) {
    for (let c = 1; c <= callers; c++) {
      table.open(c, press, 1);
      accepted++;
      const reloaded = new IncidentTable(store);
      if (reloaded.isNew(c, press, 1)) lost++;
    }
  }
  const final = new IncidentTable(store).all;
  return {
    callers,
    presses: accepted,
    rows: final.length,
    counted: countPresses(final),
    lost: lost + (accepted - countPresses(final)),
    bytes: (store.get("inc_rows") as Uint8Array).length,
    writes: store.totalWrites,
  };
}

/** A caller whose post never acks, `presses` presses; checked after each. */
function callerBacklog(presses: number) {
  const store = new SimStore();
  const memory = new AlarmMemory(store, 0x5eed);
  let coalesced = 0;
  let lost = 0;
  for (let p = 1; p <= presses; p++) {
    if (memory.full) coalesced++;
    else memory.raise();
    if (new AlarmMemory(store, 1).pending.length !== memory.pending.length) lost++;
  }
  return { presses, pending: memory.pending.length, coalesced, lost, bytes: (store.get("inc_pend") as Uint8Array).length };
}

const CUT_SCENARIO = (presses: number) => {
  const inputs: Record<string, unknown>[] = [];
  for (let i = 0; i < presses; i++) inputs.push({ at_ms: 1000 + i * 1700, device: i % 2 ? "cafe" : "bank", press_ms: 300 });
  inputs.push({ at_ms: 1000 + presses * 1700 + 2000, device: "post", button: "acknowledge" });
  inputs.push({ at_ms: 1000 + presses * 1700 + 4000, device: "post", button: "reset" });
  return {
    duration_ms: 1000 + presses * 1700 + 20_000,
    seed: 404,
    devices: [
      { id: "post", role: "receiver" },
      { id: "bank", role: "caller" },
      { id: "cafe", role: "caller" },
    ],
    inputs,
  };
};

const FLAKY: WriteFault = (key, now) => INCIDENT_STORE_KEYS.includes(key) && now >= 900 && now < 4000;

/** One run with the power cut before write `cutAt` (0: no cut) of `device`. */
function cutRun(json: Record<string, unknown>, device: string, cutAt: number, flaky?: WriteFault) {
  let writes = 0;
  const fuse = new Fuse(() => ++writes === cutAt, flaky);
  const nodeOf = new Map<string, number>();
  const callers = new Map<string, CallerApp>();
  let post: ReceiverApp | undefined;
  const run = runWithPowerCut(json, device, fuse, 1500, (id, nodeId, app) => {
    nodeOf.set(id, nodeId);
    if (id === "post") post = app as ReceiverApp;
    else callers.set(id, app as CallerApp);
  });
  const inTable = new Set(post!.status().incidents.flatMap((i) => [`${i.caller}:${i.incident}`, `${i.caller}:${i.last}`]));
  const resolved = new Set(run.of("incident_resolved", "post").map((e) => `${nodeOf.get(String(e.caller))}:${e.incident}`));
  const delivered = run.of("alarm_delivered");
  let lost = 0;
  for (const e of delivered) {
    const key = `${nodeOf.get(String(e.device))}:${e.incident}`;
    if (!inTable.has(key) && !resolved.has(key)) lost++;
  }
  const deliveredKeys = new Set(delivered.map((e) => `${e.device}:${e.incident}`));
  const presses = run.of("press").filter((e) => !(e.device === device && run.cutAtMs !== undefined && run.cutAtMs - e.t <= 1 && run.cutAtMs >= e.t));
  lost += presses.filter((e) => !deliveredKeys.has(`${e.device}:${e.incident}`)).length;
  for (const app of callers.values()) lost += app.status().pending.length;
  return { writes, lost, presses: presses.length, incidents: run.of("incident_opened", "post").length };
}

function everyCut(json: Record<string, unknown>, device: string, flaky?: WriteFault) {
  const points = cutRun(json, device, 0, flaky).writes;
  let lost = 0;
  let presses = 0;
  let incidents = 0;
  for (let n = 1; n <= points; n++) {
    const r = cutRun(json, device, n, flaky);
    lost += r.lost;
    presses += r.presses;
    incidents += r.incidents;
  }
  return { device, flaky: flaky !== undefined, points, presses, incidents, lost };
}

/** A child pressing once a second at the bank, nobody acknowledging, the post cut every 97 s. */
function child(seconds: number) {
  const inputs: Record<string, unknown>[] = [];
  for (let s = 0; s < seconds; s++) inputs.push({ at_ms: 2000 + s * 1000, device: "bank", press_ms: 200 });
  let cuts = 0;
  for (let at = 50_000; at < 2000 + seconds * 1000; at += 97_000) {
    inputs.push({ at_ms: at, device: "post", power: "off" }, { at_ms: at + 3000, device: "post", power: "on" });
    cuts++;
  }
  const json = { duration_ms: 2000 + seconds * 1000 + 60_000, seed: 611, devices: [{ id: "post", role: "receiver" }, { id: "bank", role: "caller" }, { id: "cafe", role: "caller" }], inputs };
  let post: ReceiverApp | undefined;
  let bank: CallerApp | undefined;
  const run = runWithPowerCut(json, "none", new Fuse(() => false), 0, (id, _n, app) => {
    if (id === "post") post = app as ReceiverApp;
    if (id === "bank") bank = app as CallerApp;
  });
  const presses = run.of("press", "bank").length;
  const delivered = run.of("alarm_delivered", "bank").length;
  const counted = countPresses(post!.status().incidents);
  return {
    seconds,
    presses,
    delivered,
    counted,
    cuts,
    rows: post!.status().incidents.length,
    repeated: run.of("incident_repeated", "post").length,
    pending: bank!.status().pending.length,
    lost: presses - Math.min(delivered, counted) + bank!.status().pending.length,
  };
}

export const run: SectionRunner = async ({ quick, log }) => {
  const failures: Failure[] = [];
  const table = postTable(quick ? 5 : 20, 600);
  log(`field-store: table ${table.presses} presses, ${table.rows} rows, lost ${table.lost}`);
  const backlog = callerBacklog(1500);
  log(`field-store: caller backlog ${backlog.presses} presses, lost ${backlog.lost}`);
  const cuts = [everyCut(CUT_SCENARIO(quick ? 3 : 8), "post"), everyCut(CUT_SCENARIO(quick ? 3 : 8), "bank"), everyCut(CUT_SCENARIO(quick ? 3 : 8), "post", FLAKY)];
  for (const c of cuts) log(`field-store: cuts at ${c.device}${c.flaky ? " (flaky)" : ""}: ${c.points} points, lost ${c.lost}`);
  const kid = child(quick ? 120 : 600);
  log(`field-store: child ${kid.presses} presses, ${kid.cuts} cuts, lost ${kid.lost}`);

  const lostTotal = table.lost + backlog.lost + cuts.reduce((n, c) => n + c.lost, 0) + kid.lost;
  if (table.lost) failures.push({ what: `${table.lost} presses accepted but not in the post's flash`, scenario: "post table sizing", seed: 0, detail: `${table.callers} callers × 600` });
  if (backlog.lost) failures.push({ what: `${backlog.lost} pending alarms held in RAM only`, scenario: "caller backlog", seed: 0, detail: "1 500 presses" });
  for (const c of cuts) {
    if (c.lost) failures.push({ what: `${c.lost} alarms lost through power cuts`, scenario: `cut before each write of ${c.device}${c.flaky ? " (flaky table)" : ""}`, seed: 404, detail: `${c.points} cut points` });
  }
  if (kid.lost) failures.push({ what: `${kid.lost} presses of the child lost`, scenario: "child at the button, post cut every 97 s", seed: 611, detail: `${kid.presses} presses` });

  const summary: SummaryRow[] = [
    { what: "Alarms lost through full stores, failing writes and power cuts", target: "0", measured: `${fmtInt(lostTotal)}`, verdict: lostTotal === 0 ? "pass" : "fail" },
    { what: "Post incident table: worst case stored", target: "20 callers × 600 presses", measured: `${fmtInt(table.presses)} presses in ${table.rows} rows (${fmtInt(table.bytes)} B)`, verdict: table.lost === 0 ? "pass" : "fail" },
  ];
  const tables: Table[] = [
    {
      title: "Store sizing (every press checked against a reloaded store)",
      columns: ["store", "capacity", "presses", "in flash", "coalesced", "blob bytes", "lost"],
      rows: [
        [
          `post incident table (${table.callers} callers × 600, none acknowledged)`,
          `${INCIDENT_TABLE_CAPACITY} rows; own rows up to ${COALESCE_AT} unacknowledged`,
          fmtInt(table.presses),
          `${fmtInt(table.counted)} presses in ${table.rows} rows`,
          fmtInt(table.presses - table.rows),
          fmtInt(table.bytes),
          fmtInt(table.lost),
        ],
        [`caller pending list (post never acks)`, `${PENDING_CAPACITY} alarms`, fmtInt(backlog.presses), `${backlog.pending} alarms`, fmtInt(backlog.coalesced), fmtInt(backlog.bytes), fmtInt(backlog.lost)],
      ],
      note: "Unit level: `IncidentTable` and `AlarmMemory` on the simulator's store (Preference limits enforced), a fresh instance read back after each press.",
    },
    {
      title: "Power cut before each write (exhaustive over the write sequence)",
      columns: ["device cut", "table writes failing 0.9–4 s", "cut points", "presses (all runs)", "incidents opened (all runs)", "lost"],
      rows: cuts.map((c) => [c.device, c.flaky ? "yes" : "no", fmtInt(c.points), fmtInt(c.presses), fmtInt(c.incidents), fmtInt(c.lost)]),
      note: "Each cut point is a separate run: the write that trips the fuse never lands, the device is off 1.5 s. Lost = delivered alarms neither in the post's table nor reset there, presses never delivered, alarms still pending at the end.",
    },
    {
      title: "A child at the button (1 press/s, nobody acknowledges, post power cut every 97 s)",
      columns: ["seconds", "presses", "delivered", "counted at the post", "rows", "incident_repeated", "post power cuts", "lost"],
      rows: [[fmtInt(kid.seconds), fmtInt(kid.presses), fmtInt(kid.delivered), fmtInt(kid.counted), fmtInt(kid.rows), fmtInt(kid.repeated), fmtInt(kid.cuts), fmtInt(kid.lost)]],
    },
  ];
  return {
    id: "field-store",
    title: "Field cases: stores and power cuts",
    method:
      "The post's incident table and the caller's pending list past their stated worst cases, every press checked against a reloaded store; a small deployment replayed once per write with the power cut just before it (post, caller, and post with failing incident writes); a child pressing once a second while nobody acknowledges and the post loses power every 97 s.",
    summary,
    tables,
    plots: [],
    notes: quick ? ["Quick mode: 5 callers in the sizing run, 3 presses in the cut scenario, 2 minutes of the child."] : [],
    seeds: [404, 611],
    failures,
    figures: { table, backlog, cuts, child: kid },
  };
};
