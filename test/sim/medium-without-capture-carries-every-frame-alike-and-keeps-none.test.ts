import test from "ava";
import { EventQueue } from "../../tools/sim/clock.ts";
import { Medium, MEDIUM_LIMITS } from "../../tools/sim/medium.ts";
import { RunLoop } from "../../tools/sim/run-loop.ts";

// The bench's worlds have no attacker, and the capture ring (64 frames per sender) was the
// medium's largest per-frame cost there (issue 15 §3: cold memory touched per frame sent).
// `captureFrames: false` turns it off: this checks that nothing else changes, frame by frame,
// over a lossy, duplicating link with lost MAC acks, and that nothing is kept for an attacker.
function world(captureFrames: boolean | undefined) {
  const queue = new EventQueue();
  const medium = new Medium({ queue, seed: 11, global: { loss: 0.2, duplicate: 0.1, ackLoss: 0.1, latencyMs: [1, 5] }, ...(captureFrames === undefined ? {} : { captureFrames }) });
  medium.attach("a", "02:00:00:00:00:01");
  medium.attach("b", "02:00:00:00:00:02");
  const loop = new RunLoop(queue, (cb) => cb());
  const log: string[] = [];
  const ra = medium.open("a", { onReceive: (p) => log.push(`a got ${p.join(",")} @${queue.nowUs}`), onSent: (ok) => log.push(`a sent ${ok} @${queue.nowUs}`) }, loop);
  const rb = medium.open("b", { onReceive: (p) => log.push(`b got ${p.join(",")} @${queue.nowUs}`), onSent: (ok) => log.push(`b sent ${ok} @${queue.nowUs}`) }, loop);
  for (let n = 0; n < 400; n++) {
    queue.at(n * 10_000, () => {
      const [from, to] = n % 3 === 0 ? [rb, "02:00:00:00:00:01"] : [ra, "02:00:00:00:00:02"];
      if (from.busy) from.abandon();
      from.send(to, Uint8Array.of(n & 0xff, n >> 8, ...Array.from({ length: n % 7 }, () => 9)));
    });
  }
  queue.runUntil(5_000_000);
  return { medium, log };
}

test("without capture every frame meets the same fate at the same µs, and no frame is kept for replay", (t) => {
  const on = world(undefined);
  const off = world(false);
  t.true(on.log.length > 400, "frames were carried");
  t.deepEqual(off.log, on.log);
  t.deepEqual(off.medium.stats, on.medium.stats);
  t.deepEqual(off.medium.sentBy("a"), on.medium.sentBy("a"));
  t.is(on.medium.captured("a")?.bytes.length, 2 + (398 % 7), "with capture (the default), the last frame a sent is kept");
  for (const id of ["a", "b"]) for (const back of [1, 2, MEDIUM_LIMITS.capturedPerSender]) t.is(off.medium.captured(id, back), undefined, `${id}, ${back} back`);
});
