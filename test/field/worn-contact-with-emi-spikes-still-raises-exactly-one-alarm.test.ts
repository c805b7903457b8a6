/**
 * Claim: a worn contact and EMI together still give exactly one alarm per press, and the EMI on
 * the idle line before and after gives none. Random cases (seeded): a press of 1.5–4.5 s on a
 * contact that opens for `o` ms every `P` ms (P 10–30 ms, o below the integrating debouncer's
 * boundary P / 3, `firmware/core/debounce/README.md`), with EMI spikes of 1–50 µs toward
 * "released" every 1–20 ms on top, and bursts of 1–50 µs spikes toward "pressed" on the idle
 * line for 0.5 s before and after. Real caller app, default settings, in the simulator.
 *
 * Adversarial review of issue 10 point 3 (break10): the field test and the bench try worn
 * contacts and EMI one at a time. Held on the merged code; kept as a guard.
 */
import test from "ava";
import { simulate } from "../scenarios/support/simulate.ts";
import { seededRandom } from "../../bench/harness/prng.ts";

const us = (ms: number) => Math.round(ms * 1000) / 1000;

test("40 random worn-contact presses with EMI spikes: one alarm each, none from the idle EMI", (t) => {
  const rnd = seededRandom(77);
  const u = () => rnd() / 2 ** 32;
  const failures: string[] = [];
  for (let k = 0; k < 40; k++) {
    const P = 10 + u() * 20;
    const o = 0.05 + u() * (P / 3 - 0.3);
    const press = 1500 + u() * 3000;
    // Intervals at the released level during the press: the worn contact's opens, then EMI.
    const opens: Array<[number, number]> = [];
    for (let at = P - o; at + o < press; at += P) opens.push([at, at + o]);
    for (let at = u() * 5; at < press; at += 1 + u() * 19) opens.push([at, at + 0.001 + u() * 0.05]);
    opens.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const [a, b] of opens) {
      const last = merged.at(-1);
      if (last && a <= last[1] + 0.001) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    const edges: Array<[number, 0 | 1]> = [[0, 0]];
    for (const [a, b] of merged) if (a > 0.001 && b < press) edges.push([us(a), 1], [us(b), 0]);
    edges.push([us(press), 1]);
    const idle: Array<[number, 0 | 1]> = [];
    for (let at = 0; at < 500; at += 2 + u() * 30) idle.push([us(at), 0], [us(at + 0.001 + u() * 0.05), 1]);
    const r = simulate({
      duration_ms: 12_000,
      seed: k + 1,
      devices: [{ id: "post", role: "receiver" }, { id: "c1", role: "caller" }],
      inputs: [
        { at_ms: 500, device: "c1", edges: idle },
        { at_ms: 1500, device: "c1", edges },
        { at_ms: us(1500 + press + 50), device: "c1", edges: idle },
      ],
    });
    const presses = r.of("press", "c1");
    const inPress = presses.filter((e) => e.t >= 1500 && e.t <= 1500 + press).length;
    if (presses.length !== 1 || inPress !== 1) failures.push(`case ${k}: ${o.toFixed(2)} ms open every ${P.toFixed(1)} ms, ${press.toFixed(0)} ms press: ${presses.length} alarm(s) at ${presses.map((e) => e.t).join(", ")}`);
  }
  t.deepEqual(failures, []);
});
