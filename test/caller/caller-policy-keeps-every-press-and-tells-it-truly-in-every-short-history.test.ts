/**
 * Claim: in every history of up to DEPTH inputs over a small world (presses, a stuck button and
 * its release, alarm acks from the post, an officer's acknowledge and resolve, heartbeat
 * transmissions, acks and give-ups, the flash failing and recovering, power cuts, and the
 * policy's own deadlines), the caller policy
 * - never shows a stale LED (the last state shown is its state),
 * - sends an alarm for every press, even while the flash fails,
 * - never gives two presses the same (incident, boot nonce), the post's duplicate key,
 * - keeps flash and RAM agreeing on the pending alarms while the flash works, and those are
 *   exactly the presses not yet acked by the post,
 * - after a power cut sends again exactly what flash holds, each under the nonce it was raised with,
 * - and tells the truth in every heartbeat (alarm pending, stuck, link fault).
 * Exhaustive over the inputs, replayed from scratch for each history, from just before the
 * 32-bit tick wrap. The test logs how many histories and steps it explored.
 */
import test from "ava";
import { HeartbeatStatus, type AlarmMessage } from "../../firmware/core/frame/types.ts";
import type { ReliableMessage } from "../../firmware/core/link/link.ts";
import { CallerPolicy } from "../../firmware/core/policy/caller.ts";
import { AlarmMemory } from "../../firmware/core/policy/caller-alarm-memory.ts";
import type { LedState } from "../../firmware/core/policy/caller-led.ts";
import { ticksAdd, ticksDiff } from "../../firmware/core/ticks.ts";
import { MapStore } from "../auth/map-store.ts";

const INPUTS = ["press", "stuck", "post_acks_alarm", "officer_acks", "resolve", "hb_tx", "hb_ack", "hb_give_up", "flash", "power_cut", "due"] as const;
type Input = (typeof INPUTS)[number];
const DEPTH = 5;
/** Virtual ms between two inputs (a `due` jumps to the policy's deadline instead). */
const STEP_MS = 700;
const START = 2 ** 32 - 3 * STEP_MS;

/** One history's world: the caller, its flash, and what the post and the link know. */
class World {
  readonly store = new MapStore();
  policy!: CallerPolicy;
  rel = 0;
  nonce = 0;
  stuck = false;
  shown: LedState | undefined;
  /** Alarms sent in this life and not yet acked (the link's RAM), oldest first. */
  inFlight: AlarmMessage[] = [];
  /** Every press's (incident, nonce), over all lives. */
  readonly pressed = new Map<string, number>();
  /** Incidents pressed and not yet acked by the post, with their nonce. */
  readonly undelivered = new Map<number, number>();
  /** Incidents acked by the post, newest last; and acknowledged by an officer. */
  readonly delivered: number[] = [];
  acknowledged: number | undefined;
  heartbeatsInFlight = 0;
  flashEverFailed = false;
  out: string[] = [];
  sent: ReliableMessage[] = [];
  readonly problems: string[] = [];

  constructor(readonly history: Input[]) {
    this.boot();
  }

  get now(): number {
    return ticksAdd(START, this.rel);
  }

  boot(): void {
    this.nonce++;
    this.inFlight = [];
    this.heartbeatsInFlight = 0;
    this.stuck = false;
    let draws = 0;
    this.policy = new CallerPolicy({
      store: this.store,
      // First draw: this life's nonce (distinct per life); then heartbeat jitter.
      random: () => (draws++ === 0 ? this.nonce : 0x8000_0000),
      now: this.now,
      monitor: { attemptsToFault: 2 },
      outputs: {
        emit: (event, fields) => this.out.push(`${event} ${JSON.stringify(fields)}`),
        send: (m) => {
          this.sent.push(m);
          if (m.kind === "alarm") this.inFlight.push(m);
          if (m.kind === "heartbeat") this.checkHeartbeat(m.status);
        },
        led: (state) => (this.shown = state),
      },
    });
    this.step("boot", () => this.policy.start(this.now));
    // What flash held is sent again, each alarm under the nonce it was raised with.
    const resent = this.sent.filter((m): m is AlarmMessage => m.kind === "alarm").map((m) => `${m.incident}/${m.boot}`);
    const held = new AlarmMemory(this.store, 0).pending.map((i) => `${i}/${new AlarmMemory(this.store, 0).bootOf(i)}`);
    if (JSON.stringify(resent) !== JSON.stringify(held)) this.fail(`boot resent ${JSON.stringify(resent)}, flash held ${JSON.stringify(held)}`);
  }

  fail(what: string): void {
    this.problems.push(`[${this.history.join(", ")}] at ${this.rel} ms: ${what}`);
  }

  checkHeartbeat(status: number): void {
    const s = this.policy.status();
    const want = (s.pending.length ? HeartbeatStatus.alarmPending : 0) | (this.stuck ? HeartbeatStatus.stuckButton : 0) | (s.linkFault ? HeartbeatStatus.linkFault : 0);
    if (status !== want) this.fail(`heartbeat status ${status}, the truth is ${want}`);
  }

  step(name: string, act: () => void): void {
    this.out = [];
    this.sent = [];
    act();
    if (this.shown !== this.policy.led) this.fail(`${name}: LED shows ${this.shown}, the state is ${this.policy.led}`);
  }

  /** Flash, RAM and the post agree on what is pending (while the flash has always worked). */
  checkPending(name: string): void {
    const pending = [...this.policy.status().pending];
    if (!this.flashEverFailed) {
      const flash = [...new AlarmMemory(this.store, 0).pending];
      if (JSON.stringify(flash) !== JSON.stringify(pending)) this.fail(`${name}: flash holds ${JSON.stringify(flash)}, RAM ${JSON.stringify(pending)}`);
      const model = [...this.undelivered.keys()].sort((a, b) => a - b);
      if (JSON.stringify(model) !== JSON.stringify(pending)) this.fail(`${name}: pending ${JSON.stringify(pending)}, not acked by the post ${JSON.stringify(model)}`);
    }
  }

  apply(input: Input): void {
    this.#apply(input);
    this.checkPending(input);
  }

  #apply(input: Input): void {
    const p = this.policy;
    this.rel += input === "due" ? Math.max(0, ticksDiff(p.nextDeadline(), this.now)) : STEP_MS;
    switch (input) {
      case "press":
        if (this.stuck) return; // ButtonInput never presses while stuck
        this.step(input, () => p.button({ type: "press", at: this.now }));
        {
          const alarm = this.sent.find((m): m is AlarmMessage => m.kind === "alarm");
          if (!alarm) return this.fail("a press sent no alarm");
          const key = `${alarm.incident}/${alarm.boot}`;
          if (this.pressed.has(key)) this.fail(`two presses look alike to the post: incident ${alarm.incident}, nonce ${alarm.boot}`);
          this.pressed.set(key, 1);
          this.undelivered.set(alarm.incident, alarm.boot ?? 0);
        }
        return;
      case "stuck":
        this.stuck = !this.stuck;
        return this.step(input, () => p.button({ type: this.stuck ? "stuck" : "stuck_cleared", at: this.now }));
      case "post_acks_alarm": {
        const m = this.inFlight.shift();
        if (!m) return;
        this.inFlight = this.inFlight.filter((x) => x.incident !== m.incident);
        this.undelivered.delete(m.incident);
        this.delivered.push(m.incident);
        return this.step(input, () => p.delivered(m, { ackedAt: this.now, sentAt: this.now }));
      }
      case "officer_acks": {
        const incident = this.delivered[this.delivered.length - 1];
        if (incident === undefined) return;
        this.acknowledged = incident;
        return this.step(input, () => p.message({ kind: "operator_ack", incident }));
      }
      case "resolve": {
        const incident = this.acknowledged;
        if (incident === undefined) return;
        this.acknowledged = undefined;
        return this.step(input, () => p.message({ kind: "resolved", incident }));
      }
      case "hb_tx":
        this.heartbeatsInFlight++;
        return this.step(input, () => p.attempted({ kind: "heartbeat", status: 0, uptimeS: 0 }, { attempt: this.heartbeatsInFlight, at: this.now }));
      case "hb_ack":
        if (this.heartbeatsInFlight === 0) return;
        this.heartbeatsInFlight = 0;
        return this.step(input, () => p.delivered({ kind: "heartbeat", status: 0, uptimeS: 0 }, { ackedAt: this.now, sentAt: this.now }));
      case "hb_give_up":
        if (this.heartbeatsInFlight === 0) return;
        this.heartbeatsInFlight = 0;
        return this.step(input, () => p.gaveUp({ kind: "heartbeat", status: 0, uptimeS: 0 }, { reason: "attempts", at: this.now }));
      case "flash":
        this.store.failWrites = !this.store.failWrites;
        if (this.store.failWrites) this.flashEverFailed = true;
        return;
      case "power_cut":
        return this.boot();
      case "due":
        return this.step(input, () => p.poll(this.now));
    }
  }
}

test(`the caller policy keeps every press and tells it truly in every history of ${DEPTH} inputs`, (t) => {
  const started = performance.now();
  let histories = 0;
  let steps = 0;
  const problems: string[] = [];
  const explore = (prefix: Input[]) => {
    if (prefix.length === DEPTH) {
      const w = new World(prefix);
      for (const input of prefix) {
        w.apply(input);
        steps++;
      }
      histories++;
      problems.push(...w.problems.slice(0, 1));
      return;
    }
    for (const input of INPUTS) explore([...prefix, input]);
  };
  explore([]);
  t.deepEqual(problems.slice(0, 5), []);
  t.is(histories, INPUTS.length ** DEPTH, "every history was explored");
  t.log(`${histories} histories, ${steps} steps, ${((performance.now() - started) / 1000).toFixed(1)} s`);
});
