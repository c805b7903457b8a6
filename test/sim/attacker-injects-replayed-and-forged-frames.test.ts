import test from "ava";
import type { DeviceHal } from "../../firmware/hal/device.ts";
import { UsageError } from "../../tools/errors.ts";
import { runScenario } from "../../tools/sim/run.ts";
import { scenario } from "./support/engine.ts";

/** c1 sends frames [1, i] at 100, 200, 300 ms; post logs every frame it hears with its source. */
function attackRun(inputs: unknown[], forgers = {}) {
  const heard: Array<{ bytes: number[]; from: string }> = [];
  const sent: number[][] = [];
  let c1Address = "";
  const r = runScenario(scenario({ duration_ms: 2000, inputs }), {
    engine: {
      forgers,
      apps: {
        receiver: (hal: DeviceHal) => {
          const radio = hal.openRadio({ onReceive: (p, from) => heard.push({ bytes: [...p], from }), onSent() {} });
          return { stop: () => radio.close() };
        },
        caller: (hal: DeviceHal, config) => {
          c1Address = config.self.address;
          const radio = hal.openRadio({ onReceive() {}, onSent() {} });
          for (const i of [1, 2, 3]) {
            hal.scheduler.schedule(() => {
              const frame = [1, i, 0x10 * i];
              sent.push(frame);
              radio.send(config.receiver.address, new Uint8Array(frame));
            }, 100 * i);
          }
          return { stop: () => radio.close() };
        },
      },
    },
  });
  return { r, heard, sent, c1Address, attacks: r.events.filter((e) => e.event === "attack") };
}

test("replay re-sends a captured frame byte for byte, from the spoofed address", (t) => {
  const { heard, c1Address, attacks } = attackRun([
    { at_ms: 1000, device: "post", attacker: "replay", from: "c1" },
    { at_ms: 1100, device: "post", attacker: "replay", from: "c1", back: 3 },
  ]);
  t.deepEqual(heard.slice(3), [
    { bytes: [1, 3, 0x30], from: c1Address },
    { bytes: [1, 1, 0x10], from: c1Address },
  ]);
  t.deepEqual(attacks.map((a) => [a.kind, a.from, a.bytes, a.heard]), [["replay", "c1", 3, true], ["replay", "c1", 3, true]]);
});

test("forge flip_tag flips bit 0 of the last byte; random makes random bytes of a captured length", (t) => {
  const { heard } = attackRun([
    { at_ms: 1000, device: "post", attacker: "forge", from: "c1" },
    { at_ms: 1100, device: "post", attacker: "forge", from: "c1", mode: "random" },
  ]);
  t.deepEqual(heard[3]!.bytes, [1, 3, 0x31]);
  t.is(heard[4]!.bytes.length, 3);
});

test("before anything was captured the attacker has nothing to replay, and says so", (t) => {
  const { heard, attacks } = attackRun([{ at_ms: 50, device: "post", attacker: "replay", from: "c1" }]);
  t.is(heard.length, 3, "only c1's own frames");
  t.like(attacks[0], { t: 50, device: "post", kind: "replay", bytes: 0, heard: false });
});

test("a powered-off target hears no attack", (t) => {
  const { heard, attacks } = attackRun([
    { at_ms: 900, device: "post", power: "off" },
    { at_ms: 1000, device: "post", attacker: "replay", from: "c1" },
  ]);
  t.is(heard.length, 3);
  t.like(attacks[0], { heard: false, bytes: 3 });
});

test("wrong_key uses the forger it is given, and without one the run is refused as E_SCENARIO", (t) => {
  const inputs = [{ at_ms: 1000, device: "post", attacker: "forge", from: "c1", mode: "wrong_key" }];
  const { heard } = attackRun(inputs, { wrong_key: (captured: Uint8Array | undefined) => captured && new Uint8Array([9, ...captured]) });
  t.deepEqual(heard[3]!.bytes, [9, 1, 3, 0x30]);
  const err = t.throws(() => attackRun(inputs, { wrong_key: undefined }), { instanceOf: UsageError });
  t.regex(err!.message, /inputs\[0\]\.mode: "wrong_key" needs a forger/);
});
