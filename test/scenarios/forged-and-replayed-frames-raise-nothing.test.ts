import test from "ava";
import { deployment, simulate } from "./support/simulate.ts";

test("replayed and forged frames are rejected with their reason and raise nothing", (t) => {
  const run = simulate({
    duration_ms: 30_000,
    seed: 12,
    devices: deployment(1),
    inputs: [
      { at_ms: 1000, device: "c1", press_ms: 300 },
      { at_ms: 3000, device: "post", button: "acknowledge" },
      { at_ms: 4000, device: "post", button: "reset" },
      // The captured alarm frames, replayed after the incident was closed.
      { at_ms: 6000, device: "post", attacker: "replay", from: "c1", back: 1 },
      { at_ms: 6500, device: "post", attacker: "replay", from: "c1", back: 2 },
      { at_ms: 7000, device: "post", attacker: "forge", from: "c1", mode: "flip_tag" },
      { at_ms: 7500, device: "post", attacker: "forge", from: "c1", mode: "random" },
      { at_ms: 7700, device: "post", attacker: "forge", from: "c1", mode: "wrong_key" },
      // A forged "help is coming" to the caller.
      { at_ms: 8000, device: "c1", attacker: "forge", from: "post", mode: "flip_tag" },
      { at_ms: 8200, device: "c1", attacker: "forge", from: "post", mode: "wrong_key" },
    ],
  });
  const rejected = run.of("frame_rejected");
  t.true(rejected.length >= 6, `${rejected.length} rejections`);
  const reasons = new Set(rejected.map((e) => e.reason));
  t.true(reasons.has("replay"));
  t.true(reasons.has("bad_tag"));
  t.is(run.count("incident_opened"), 1, "no incident from a replay or forgery");
  t.is(run.count("frame_rejected", "c1"), 2, "the caller rejected both forgeries aimed at it");
  t.is(run.count("alarm_acknowledged"), 1, "no forged acknowledgement reached the presser");
  t.deepEqual(run.of("siren", "post").map((e) => e.pattern), ["alarm", "quiet"]);
});
