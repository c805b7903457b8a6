/**
 * Claim: a receiver whose store refuses to write replay marks (worn or full NVS) keeps
 * accepting authenticated frames: every alarm still opens its incident, and no caller is
 * reported offline. The failure is reported as `store_error`; replays are still refused by the
 * window in RAM. Before the fix, every `markBlockFrames`-th frame from a caller threw out of
 * `SecureChannel.open` and was refused, and so was every frame after it: after about 16 frames
 * the receiver was deaf to that caller (missed alarms, a false "offline").
 */
import test from "ava";
import { simulateWithFaults } from "./support/simulate-with-faults.ts";

test("replay marks never persist: alarms at 2 s and 10 min both open, nobody goes offline, replays still refused", (t) => {
  const run = simulateWithFaults(
    {
      duration_ms: 720_000,
      seed: 22,
      radio: { duplicate: 0.2 },
      devices: [
        { id: "post", role: "receiver" },
        { id: "bank", role: "caller" },
        { id: "cafe", role: "caller" },
      ],
      inputs: [
        { at_ms: 2000, device: "bank", press_ms: 300 },
        { at_ms: 600_000, device: "bank", press_ms: 300 },
        { at_ms: 610_000, device: "cafe", press_ms: 300 },
        { at_ms: 650_000, device: "post", attacker: "replay", from: "bank", back: 3 },
      ],
    },
    { receiver: (key) => key.startsWith("ch.rw.") },
  );
  t.deepEqual(
    run.of("incident_opened").map((e) => [e.caller, e.incident]),
    [["bank", 1], ["bank", 2], ["cafe", 1]],
  );
  t.is(run.count("alarm_delivered"), 3, "acked as usual");
  t.is(run.count("caller_offline"), 0);
  t.true(run.of("store_error", "post").some((e) => /ch\.rw\./.test(String(e.error))), "the failed writes are reported");
  t.true(run.of("frame_rejected", "post").some((e) => e.reason === "replay"), "duplicates and the replayed frame are refused");
});

test("nothing can be written at all: each caller's alarm still opens its incident and sounds the siren", (t) => {
  const run = simulateWithFaults(
    {
      duration_ms: 60_000,
      seed: 23,
      devices: [
        { id: "post", role: "receiver" },
        { id: "bank", role: "caller" },
        { id: "cafe", role: "caller" },
      ],
      inputs: [
        { at_ms: 2000, device: "bank", press_ms: 300 },
        { at_ms: 40_000, device: "cafe", press_ms: 300 },
      ],
    },
    { receiver: () => true },
  );
  t.deepEqual(
    run.of("incident_opened").map((e) => [e.caller, e.incident]),
    [["bank", 1], ["cafe", 1]],
  );
  t.deepEqual(run.of("siren", "post")[0] && [run.of("siren", "post")[0]!.pattern, run.of("siren", "post")[0]!.on], ["alarm", true]);
  t.is(run.count("caller_offline"), 0);
});
