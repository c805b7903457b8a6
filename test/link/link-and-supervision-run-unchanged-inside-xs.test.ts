/**
 * Claim: the link (Link, backoff, dedup, transmit queue) and supervision (heartbeat schedule,
 * liveness table, link monitor) run unchanged inside Moddable's XS engine (via @agoric/xsnap)
 * and make exactly the same decisions as under Node, tick for tick (STYLE rule 17).
 */
import test from "ava";
import { runInNodeAndXs } from "../support/run-in-both-engines.ts";

/**
 * Runs in both engines: a supervised deployment (3 callers, 20 % loss, one caller dies and
 * returns, the receiver's radio dies and returns, a tick wrap mid-run) with alarms on top, and a
 * transmit queue whose send-dones are late, missing or failed. Returns a JSON summary.
 */
const SCRIPT = `
import { Deployment, RECEIVER_ID } from "./test/supervision/support/deployment.ts";
import { TransmitQueue } from "./firmware/core/link/transmit-queue.ts";
const out = {};
const d = new Deployment({ seed: 5, startTicks: 2 ** 32 - 1_800_000, callers: 3, model: { loss: 0.2, duplicate: 0.02, latencyMs: [1, 9] } });
const alarms = [];
for (const [at, caller, incident] of [[60_000, 1, 1], [950_000, 2, 1], [1_250_000, 3, 1], [1_300_000, 3, 2]]) {
  d.loop.at(at, (now) => { d.caller(caller).press(now); void incident; }); // the policy numbers them: 1, 1, 1, 2
}
const inbox = [];
const origReceive = d.receiver.link.receive.bind(d.receiver.link);
d.receiver.link.receive = (frame, now) => { const m = origReceive(frame, now); if (m && m.kind === "alarm") inbox.push([d.loop.elapsedMs, frame.sender, m.incident]); return m; };
d.loop.at(600_000, () => d.powerOff(2));
d.loop.at(900_000, () => d.powerOn(2));
d.loop.at(1_200_000, () => d.receiverRadio(true));
d.loop.at(1_800_000, () => d.receiverRadio(false));
d.loop.runUntil(3_600_000);
out.events = d.events;
out.inbox = inbox;
out.figures = d.callers.map((c) => c.figures);
out.table = d.receiver.table.entries();
out.now = d.loop.now;

const log = [];
let busy = false;
const script = [["ok", 2], ["never"], ["fail", 3], ["late", 250], ["throw"], ["ok", 1]];
let pending;
const q = new TransmitQueue({
  send: (to) => { const s = script.shift(); if (s[0] === "throw") throw new RangeError("too long"); busy = true; pending = s; log.push("send " + to); },
  abandon: () => { busy = false; log.push("abandon"); },
  onSendDone: (to, o, info) => log.push(to + " " + o + " @" + info.at),
});
let t = 4294967290;
for (const name of ["a", "b", "c", "d", "e", "f"]) q.enqueue(name, new Uint8Array(1), t, name === "f" ? 0 : 3);
for (let i = 0; i < 400 && (q.sending || q.length); i++) {
  t = (t + 1) >>> 0;
  q.poll(t);
  if (pending && (pending[0] === "ok" || pending[0] === "fail")) { const p = pending; pending = undefined; q.sent(p[0] === "ok", t); }
}
out.queue = log;
globalThis.result = JSON.stringify(out);
`;

test("link and supervision make the same decisions in XS as in Node", async (t) => {
  const { inNode, inXs } = await runInNodeAndXs(SCRIPT, "link-in-xs");
  t.deepEqual(inXs, inNode);
  // And the run did what it should, in both: caller 2 went offline once and came back, every
  // caller faulted and recovered once around the receiver's outage, and every alarm arrived once.
  const count = (event: string, caller?: number) =>
    inXs.events.filter((e: { event: string; caller: number }) => e.event === event && (caller === undefined || e.caller === caller)).length;
  t.is(count("caller_offline", 2), 2, "caller 2: dead, then the receiver went deaf");
  t.is(count("caller_offline"), 4);
  t.is(count("caller_online"), 4);
  t.is(count("link_fault"), 3);
  t.is(count("link_ok"), 3);
  t.deepEqual(inXs.inbox.map((r: number[]) => [r[1], r[2]]), [[1, 1], [2, 1], [3, 1], [3, 2]]);
  t.true(inXs.now < 2 ** 31, "the ticks wrapped mid-run");
  t.deepEqual(inXs.queue.filter((l: string) => !l.startsWith("send")).map((l: string) => l.replace(/ @\d+$/, "")), [
    "a sent", "abandon", "f timeout", "b failed", "abandon", "c timeout", "d error", "e sent",
  ]);
});
