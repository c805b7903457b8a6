/**
 * Claim: `Link.nextDeadline()` is defined exactly while some message is in flight (transmitted,
 * not yet acked, given up, cancelled or forgotten), and `poll` then retransmits it, whatever
 * history of sends, acks, cancels, forgets and polls led there. The link keeps a count of its
 * queued messages so that a post with nothing pending does not walk every caller's lanes at
 * every frame (issue 15 §3); a count that drifted to 0 with a message still queued would leave
 * that message never retransmitted (a missed alarm), and this exploration would catch it.
 */
import test from "ava";
import type { Frame, Payload } from "../../firmware/core/frame/types.ts";
import { Link, type ReliableMessage } from "../../firmware/core/link/link.ts";
import { seededRandom } from "../../bench/harness/prng.ts";

const PEERS = [3, 4, 5];
const MESSAGES: ReliableMessage[] = [
  { kind: "alarm", incident: 1 },
  { kind: "heartbeat", status: 0, uptimeS: 1 },
  { kind: "operator_ack", incident: 1 },
  { kind: "resolved", incident: 1 },
];

test("over 300 seeded histories of 60 steps, nextDeadline is set exactly while a message is in flight, and poll at it retransmits", (t) => {
  let checked = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const pick = seededRandom(seed);
    const sent: { peer: number; payload: Payload }[] = [];
    // Heartbeats give up after a few attempts, so histories also exercise `poll`'s give-up path.
    const link = new Link({ random: seededRandom(seed + 1000), transmit: (peer, payload) => sent.push({ peer, payload }), policies: { heartbeat: { maxAttempts: 2 } } });
    let now = 0;
    let counter = 0;
    for (let step = 0; step < 60; step++) {
      const peer = PEERS[pick() % PEERS.length]!;
      const op = pick() % 6;
      if (op <= 1) link.send(peer, MESSAGES[pick() % MESSAGES.length]!, now);
      else if (op === 2 && sent.length > 0) {
        // Ack one of the frames sent so far (often stale, sometimes the one in flight).
        const { peer: to, payload } = sent[sent.length - 1 - (pick() % Math.min(3, sent.length))]!;
        if (payload.kind !== "ack") {
          const ack: Frame = { kind: "ack", ackKind: payload.kind, ackSeq: payload.seq, seq: 0, sender: to, counter: ++counter };
          link.receive(ack, now);
        }
      } else if (op === 3) {
        const pending = link.pending(peer);
        if (pending.length > 0) link.cancel(peer, pending[pick() % pending.length]!.seq, now);
      } else if (op === 4 && pick() % 4 === 0) link.forget(peer);
      else {
        const next = link.nextDeadline();
        if (next !== undefined) now = next;
        link.poll(now);
      }
      now += pick() % 50;
      const inFlight = link.pending().some((p) => p.attempts > 0);
      t.is(link.nextDeadline() !== undefined, inFlight, `seed ${seed}, step ${step}`);
      if (inFlight) {
        const [sentBefore, pendingBefore] = [sent.length, link.pending().length];
        const deadline = link.nextDeadline()!;
        link.poll(deadline);
        t.true(sent.length > sentBefore || link.pending().length < pendingBefore, `seed ${seed}, step ${step}: poll at the deadline retransmitted or gave up`);
        now = deadline;
      }
      checked++;
    }
  }
  t.is(checked, 300 * 60);
});
