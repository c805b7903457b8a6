/**
 * Claim (issue 14, wired into the receiver policy): when a duty officer takes an alarm by phone
 * (`ReceiverPolicy.takenByPhone`), exactly the named incidents still open are acknowledged, as by
 * the post's button — `incident_acknowledged` with the taker in `by`, `operator_ack` to each of
 * their callers — and nothing else: other open incidents keep the siren on `alarm`, a caller
 * offline stays an unacknowledged fault (the siren then plays `fault`), names of incidents that
 * are not open change nothing. Exhaustive over a small world: every subset of names taken, with
 * and without an offline caller.
 */
import test from "ava";
import { SETTINGS_DEFAULTS } from "../../firmware/core/config.ts";
import type { ReceiverOutput } from "../../firmware/core/policy/receiver.ts";
import { bootPost, FaultyStore, worldCallers } from "../../bench/harness/receiver-policy-world.ts";

const BY = "+84901000002";
const OFFLINE_MS = SETTINGS_DEFAULTS.offlineAfterMs;
/** Names a phone can send: the two open incidents, and two that are not open. */
const NAMES = [
  { caller: "c1", incident: 1 },
  { caller: "c2", incident: 1 },
  { caller: "c1", incident: 2 },
  { caller: "c9", incident: 1 },
] as const;

function world(offlineCaller: boolean) {
  const { policy } = bootPost(new FaultyStore(), worldCallers(3), 0);
  const heardAt = OFFLINE_MS - 1000;
  // as the radio stack wires it: every frame heard, then its message
  for (const peer of offlineCaller ? [1, 2] : [1, 2, 3]) policy.heard(peer, heardAt);
  policy.message(1, { kind: "alarm", incident: 1 }, heardAt);
  policy.message(2, { kind: "alarm", incident: 1 }, heardAt);
  if (!offlineCaller) policy.message(3, { kind: "heartbeat", status: 0, uptimeS: 10 }, heardAt);
  policy.poll(OFFLINE_MS + 1);
  return policy;
}

for (const offlineCaller of [false, true]) {
  for (let mask = 0; mask < 1 << NAMES.length; mask++) {
    const taken = NAMES.filter((_, i) => mask & (1 << i));
    const label = `${taken.map((n) => `${n.caller}#${n.incident}`).join(" ") || "nothing"} taken${offlineCaller ? ", c3 offline" : ""}`;
    test(label, (t) => {
      const policy = world(offlineCaller);
      t.deepEqual(policy.status().offline, offlineCaller ? ["c3"] : [], "the world's fault as set up");
      const out: ReceiverOutput[] = policy.takenByPhone(taken, BY);
      const open = new Set(["c1#1", "c2#1"]);
      const expected = taken.map((n) => `${n.caller}#${n.incident}`).filter((k) => open.has(k));
      const acked = out.filter((o) => o.kind === "record" && o.event === "incident_acknowledged");
      t.deepEqual(acked.map((o) => (o.kind === "record" ? `${o.fields.caller}#${o.fields.incident} by ${o.fields.by}` : "")).sort(), expected.map((k) => `${k} by ${BY}`).sort());
      t.deepEqual(out.filter((o) => o.kind === "send").map((o) => (o.kind === "send" ? `${o.peer} ${o.message.kind} ${o.message.incident}` : "")).sort(), expected.map((k) => `${k.slice(1, 2)} operator_ack 1`).sort());
      t.false(out.some((o) => o.kind === "record" && o.event === "fault_acknowledged"), "a phone never acknowledges a fault");
      const stillOpen = policy.status().incidents.filter((i) => i.state === "open").length;
      t.is(stillOpen, 2 - expected.length);
      t.is(policy.status().siren, stillOpen > 0 ? "alarm" : offlineCaller ? "fault" : "quiet");
      t.is(policy.faultUnacknowledged, offlineCaller);
    });
  }
}
