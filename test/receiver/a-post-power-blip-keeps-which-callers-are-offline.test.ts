import test from "ava";
import { deployment, simulate } from "../scenarios/support/simulate.ts";

// Issue 10 point 6: a 1 s power blip at the post must not forget which callers were offline
// (main: they were "unknown" again, the fault chirp stopped, and the same death was reported a
// second time one timeout after the blip).

const DEAD_AT = 10_000;
const BLIP_AT = 300_000;

function run(acknowledgeFirst: boolean) {
  return simulate({
    duration_ms: 900_000,
    seed: 5,
    radio: { loss: 0.1 },
    devices: deployment(2),
    inputs: [
      { at_ms: DEAD_AT, device: "c1", power: "off" },
      ...(acknowledgeFirst ? [{ at_ms: 200_000, device: "post", button: "acknowledge" }] : []),
      { at_ms: BLIP_AT, device: "post", power: "off" },
      { at_ms: BLIP_AT + 1000, device: "post", power: "on" },
    ],
  });
}

test("a caller offline before the blip is offline at once after it, and its death is reported once", (t) => {
  const r = run(false);
  t.deepEqual(r.of("caller_offline", "post").map((e) => e.caller), ["c1"], "one report of the one death");
  t.is(r.count("caller_online", "post"), 0);
  const after = r.of("siren", "post").filter((e) => e.t >= BLIP_AT + 1000);
  t.is(after[0]?.pattern, "fault", "the unacknowledged fault chirp resumes at boot");
});

test("a fault the officer acknowledged stays acknowledged across the blip", (t) => {
  const r = run(true);
  t.deepEqual(r.of("caller_offline", "post").map((e) => e.caller), ["c1"]);
  t.is(r.count("fault_acknowledged", "post"), 1);
  t.false(r.of("siren", "post").some((e) => e.t >= BLIP_AT && e.pattern === "fault"), "no chirp after the blip");
});

test("a caller offline before the blip that comes back is reported online", (t) => {
  const r = simulate({
    duration_ms: 900_000,
    seed: 6,
    devices: deployment(2),
    inputs: [
      { at_ms: DEAD_AT, device: "c1", power: "off" },
      { at_ms: BLIP_AT, device: "post", power: "off" },
      { at_ms: BLIP_AT + 1000, device: "post", power: "on" },
      { at_ms: 400_000, device: "c1", power: "on" },
    ],
  });
  t.deepEqual(r.of("caller_offline", "post").map((e) => e.caller), ["c1"]);
  const online = r.of("caller_online", "post");
  t.deepEqual(online.map((e) => e.caller), ["c1"]);
  t.true(online[0]!.t >= 400_000 && online[0]!.t < 415_000);
});
