/**
 * Claim: every core check of a tick or u32 argument (a start time, a `now`, a node id, a frame
 * counter) refuses a value that is not an integer 0…2^32−1 with a RangeError in one shape,
 * `<field>: must be <what> (an integer 0…2^32−1), got <value>`, from `firmware/core/ticks.ts`
 * (issue 12: the checks were written in eight places with five wordings, one a TypeError), and
 * accepts the bounds 0 and 2^32−1.
 */
import test from "ava";
import { ReplayMarks } from "../../firmware/core/auth/replay-marks.ts";
import { ReplayWindow } from "../../firmware/core/auth/replay-window.ts";
import { writeMark } from "../../firmware/core/auth/stored-mark.ts";
import { Link } from "../../firmware/core/link/link.ts";
import { ButtonInput } from "../../firmware/core/press.ts";
import { HeartbeatSchedule } from "../../firmware/core/supervision/heartbeat.ts";
import { LinkMonitor } from "../../firmware/core/supervision/link-monitor.ts";
import { LivenessTable } from "../../firmware/core/supervision/liveness.ts";
import type { StoreValue } from "../../firmware/core/platform.ts";

const memoryStore = () => {
  const m = new Map<string, StoreValue>();
  return { get: (k: string) => m.get(k), set: (k: string, v: StoreValue) => void m.set(k, v), delete: (k: string) => void m.delete(k), keys: () => [...m.keys()] };
};

/** [what is checked, its field as the message names it, `what`, a call taking the value]. */
const CHECKS: Array<[string, string, string, (v: number) => unknown]> = [
  ["HeartbeatSchedule startAt", "startAt", "a tick", (v) => new HeartbeatSchedule({ random: () => 0, startAt: v })],
  ["LivenessTable startAt", "startAt", "a tick", (v) => new LivenessTable({ startAt: v })],
  ["LinkMonitor startAt", "startAt", "a tick", (v) => new LinkMonitor({ startAt: v })],
  ["ButtonInput now", "now", "a tick", (v) => new ButtonInput({ initial: 1, now: v })],
  ["ReplayWindow floor", "floor", "a frame counter", (v) => new ReplayWindow({ floor: v })],
  ["ReplayWindow check", "counter", "a frame counter", (v) => new ReplayWindow().check(v)],
  ["writeMark", 'mark for "k"', "a frame counter", (v) => writeMark(memoryStore(), "k", v)],
  ["ReplayMarks peers", "each of peers", "a node id", (v) => new ReplayMarks({ store: memoryStore(), peers: [v] })],
  ["Link send peer", "peer", "a node id", (v) => new Link({ transmit: () => undefined, random: () => 0 }).send(v, { kind: "heartbeat", uptimeS: 1, status: 0 } as never, 0)],
];

const BAD = [-1, 2 ** 32, 1.5, Number.NaN];

for (const [name, field, what, call] of CHECKS) {
  test(`${name}: a value outside 0…2^32−1 is a RangeError in the one shape; the bounds pass`, (t) => {
    for (const bad of BAD) {
      const err = t.throws(() => call(bad), { instanceOf: RangeError }, String(bad));
      t.is(err?.message, `${field}: must be ${what} (an integer 0…2^32−1), got ${String(bad)}`);
    }
    for (const ok of [0, 2 ** 32 - 1]) {
      const err = (() => {
        try {
          call(ok);
          return undefined;
        } catch (e) {
          return e as Error;
        }
      })();
      t.false(err instanceof RangeError && /must be .* \(an integer 0…2\^32−1\)/.test(err.message), `${ok} refused: ${err?.message}`);
    }
  });
}
