/**
 * Claim: across reboots of either end, a caller's new frames are always accepted, frames
 * recorded before a receiver reboot stay refused apart from the documented residual window
 * (fewer than `replayMarkBlock` frames), and neither end writes its store once per frame.
 */
import test from "ava";
import { CLINIC, makePair, RECEIVER } from "./channel-pair.ts";

const hb = (i: number) => ({ kind: "heartbeat" as const, status: 0, uptimeS: i, seq: i & 0xffff });

test("caller reboots: its next frame is accepted, no counter reused, one write per block", (t) => {
  const pair = makePair({ counterBlock: 8 });
  let clinic = pair.clinic;
  const counters = new Set<number>();
  for (let boot = 0; boot < 5; boot++) {
    for (let i = 0; i < 11; i++) {
      const r = pair.receiver.open(clinic.seal(RECEIVER, hb(i)));
      if (!r.ok) return t.fail(`boot ${boot} frame ${i}: ${r.reason}`);
      t.false(counters.has(r.frame.counter));
      counters.add(r.frame.counter);
    }
    clinic = pair.reboot("clinic");
  }
  t.is(counters.size, 55);
  t.is(pair.clinicStore.totalWrites, 5 * 2, "11 frames a boot = 2 blocks of 8");
});

test("receiver reboots: recorded frames are refused except the residual window", (t) => {
  const block = 16;
  const pair = makePair({ replayMarkBlock: block });
  const recorded: Uint8Array[] = [];
  for (let i = 0; i < 100; i++) {
    const f = pair.clinic.seal(RECEIVER, hb(i));
    recorded.push(f);
    t.like(pair.receiver.open(f), { ok: true });
  }
  t.is(pair.receiverStore.totalWrites, Math.floor(100 / block), "one mark write per 16 frames");
  const receiver = pair.reboot("receiver");
  const replayed = recorded.filter((f) => receiver.open(f).ok);
  t.true(replayed.length < block, `${replayed.length} replayed after reboot`);
  t.is(replayed.length, 100 - Math.floor(100 / block) * block, "exactly the frames after the last mark");
  t.like(receiver.open(pair.clinic.seal(RECEIVER, hb(100))), { ok: true, frame: { sender: CLINIC, counter: 101 } });
});

test("replayMarkBlock 1 closes the residual window", (t) => {
  const pair = makePair({ replayMarkBlock: 1 });
  const recorded = Array.from({ length: 20 }, (_, i) => pair.clinic.seal(RECEIVER, hb(i)));
  for (const f of recorded) pair.receiver.open(f);
  const receiver = pair.reboot("receiver");
  t.is(recorded.filter((f) => receiver.open(f).ok).length, 0);
});
