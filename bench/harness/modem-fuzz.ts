/**
 * Fuzzed modem output against the whole receiver (issue 14: "fuzzed modem output never crashes
 * the receiver or stops the siren"). The simulator (Node engine) runs a post with an LTE modem
 * and two callers; between the modem model (`tools/sim/modem.ts`) and the receiver's UART a
 * seeded fuzzer, at random points during an alarm, corrupts what the modem says: random bytes
 * (garbage), random valid-looking URCs and finals (`+CLCC`, `+RXDTMF: 1`, `NO CARRIER`, `OK`,
 * `> `, `+CMS ERROR` …), an incoming-SMS URC with a truncated or garbled PDU, a line cut short,
 * and silence (everything the modem says dropped for a while). Nobody answers the phones; an
 * officer acknowledges at the post at `ACK_AT_MS`.
 *
 * `checkModemFuzz` returns what broke, in words: an exception out of the app (`SimAppError`),
 * the siren leaving the alarm pattern (or its cadence stopping) before the acknowledge, the
 * alarm not recorded, no modem fault reported for a silence long enough to be one, a caller's
 * heartbeat or alarm not acked (a caller reporting `link_fault`, the post reporting a caller
 * offline).
 */
import type { DeviceHal } from "../../firmware/hal/device.ts";
import type { OpenSerial, SerialHandlers } from "../../firmware/hal/serial.ts";
import { SimAppError } from "../../tools/sim/device.ts";
import { Random } from "../../tools/sim/random.ts";
import { Simulation, type RunResult, type SimEvent } from "../../tools/sim/run.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";

/** The duty numbers of the fuzzed post. */
const DUTY = ["+84901000001", "+84901000002"] as const;

/** The press (clinic), the second press (bank), the acknowledge at the post, the end, ms. */
export const PRESS_AT_MS = 2_000;
const SECOND_PRESS_AT_MS = 70_000;
export const ACK_AT_MS = 400_000;
const END_MS = 520_000;
/** The fuzz runs from the press to shortly before the acknowledge. */
const FUZZ_FROM_MS = 1_000;
const FUZZ_UNTIL_MS = 380_000;
/**
 * A silence this long is a modem fault: the driver's health check runs every 60 s and a command
 * unanswered in its timeout is `not_answering` (firmware/stack/at/modem.ts); two checks and slack.
 */
const SILENCE_IS_A_FAULT_MS = 150_000;
/** The alarm cadence (receiver/siren.ts: 1.5 s on, 0.5 s off): no level held longer than this (µs) while it plays. */
const ALARM_LONGEST_LEVEL_US = 1_500_000 + 100_000;

/** What the fuzzer does to the modem's bytes. */
export type FuzzKind = "garbage" | "urc" | "truncated_pdu" | "cut_line" | "silence";
export const FUZZ_KINDS: readonly FuzzKind[] = ["garbage", "urc", "truncated_pdu", "cut_line", "silence"];

/** Valid-looking lines a modem may say at any time (3GPP TS 27.007 / 27.005, SIMCom and Quectel manuals). */
const URCS = [
  "\r\nOK\r\n",
  "\r\nERROR\r\n",
  "\r\n> ",
  "\r\nNO CARRIER\r\n",
  "\r\nBUSY\r\n",
  "\r\nNO ANSWER\r\n",
  "\r\nRING\r\n",
  "\r\n+CMGS: 17\r\n",
  "\r\n+CMS ERROR: 500\r\n",
  "\r\n+CME ERROR: SIM not inserted\r\n",
  "\r\n+CPIN: READY\r\n",
  "\r\n+CEREG: 0,1\r\n",
  "\r\n+CEREG: 0,2\r\n",
  "\r\n+CSQ: 99,99\r\n",
  "\r\n+CSQ: 20,99\r\n",
  '\r\n+CLCC: 1,0,0,0,0,"+84901000001",145\r\n',
  '\r\n+CLCC: 1,0,3,0,0,"+84901000002",145\r\n',
  "\r\n+CLCC: 1,0,6,0,0\r\n",
  "\r\n+RXDTMF: 1\r\n",
  "\r\n+RXDTMF: 5\r\n",
  "\r\n+QTONEDET: 49\r\n",
  "\r\nVOICE CALL: BEGIN\r\n",
  "\r\nVOICE CALL: END: 000012\r\n",
  "\r\n+CMT: ,24\r\n",
];

/**
 * A real SMS-DELIVER PDU (hex) from a duty number saying "OK 1" is not given here on purpose: a
 * valid reply would take the alarm, which is not a fault. Truncated PDUs are cut from this
 * valid-looking one (SMSC +84980200030, from +84901000001, UCS-2 "OK 1").
 */
const PDU = "07914889200030F0040B914809100000F100082160125000002308004F004B00200031";

/** One episode of fuzz. */
export interface FuzzEpisode {
  kind: FuzzKind;
  /** Virtual ms it starts. */
  atMs: number;
  /** For silence: how long, ms. */
  forMs: number;
}

/** The outcome of one seeded run. */
export interface ModemFuzzRun {
  seed: number;
  episodes: FuzzEpisode[];
  /** Bytes the fuzzer injected or changed, and chunks it dropped. */
  bytesInjected: number;
  chunksDropped: number;
  /** What broke, in words (empty: nothing). */
  problems: string[];
  /** Counts of the receiver's modem reports. */
  modemFaults: number;
  modemNoise: number;
  /** Alarms taken by a phone: a fuzzed `+RXDTMF: 1` during a call (nobody answers the real phones). */
  takes: number;
  /** Virtual ms of the run, queue events processed. */
  endMs: number;
  steps: number;
}

/** The scenario: a post with a modem and two duty phones that never answer, two callers, two presses, an acknowledge. */
function scenario(seed: number) {
  return parseScenario({
    name: "modem fuzz",
    seed,
    duration_ms: END_MS,
    devices: [
      { id: "post", role: "receiver", name: "Công an xã Xuân Phổ" },
      { id: "clinic", role: "caller", name: "Trạm y tế" },
      { id: "bank", role: "caller", name: "Ngân hàng" },
    ],
    lte: {
      device: "post",
      escalation: { duty: DUTY.map((phone, i) => ({ phone, name: `Đ/c ${i + 1}` })) },
      phones: DUTY.map((phone) => ({ phone, answers: "no" })),
    },
    inputs: [
      { at_ms: PRESS_AT_MS, device: "clinic", press_ms: 300 },
      { at_ms: SECOND_PRESS_AT_MS, device: "bank", press_ms: 300 },
      { at_ms: ACK_AT_MS, device: "post", button: "acknowledge" },
    ],
  });
}

/** The fuzzer between the modem model and the receiver's UART, in the receiver's own virtual time. */
class Fuzzer {
  readonly episodes: FuzzEpisode[] = [];
  bytesInjected = 0;
  chunksDropped = 0;
  private silentUntilMs = -1;
  /** Chunks from the modem still to be garbled: the next `garble` chunks. */
  private garble = 0;
  private cut = 0;

  constructor(
    private readonly random: Random,
    private readonly hal: DeviceHal,
  ) {}

  /** A uniform integer in [0, n). */
  private below(n: number): number {
    return this.random.int(0, n - 1);
  }

  private nowMs(): number {
    return this.hal.clock.now() - this.bootTicks;
  }
  private bootTicks = 0;

  /** Wraps the hal's modem UART. */
  open(open: OpenSerial): OpenSerial {
    return (handlers: SerialHandlers) => {
      this.bootTicks = this.hal.clock.now();
      const toApp = (bytes: Uint8Array) => handlers.onReceive(bytes);
      const port = open({ onReceive: (bytes) => this.fromModem(bytes, toApp) });
      this.plan(toApp);
      return port;
    };
  }

  /** Schedules the episodes: 4–10 at random points from the press to before the acknowledge. */
  private plan(toApp: (bytes: Uint8Array) => void): void {
    const n = 4 + this.below(7);
    const times = Array.from({ length: n }, () => FUZZ_FROM_MS + this.below(FUZZ_UNTIL_MS - FUZZ_FROM_MS)).sort((a, b) => a - b);
    // Every run has at least one silence long enough to be a fault, and garbage.
    const kinds: FuzzKind[] = times.map((_, i) => (i === 0 ? "garbage" : i === 1 ? "silence" : FUZZ_KINDS[this.below(FUZZ_KINDS.length)]!));
    for (let i = 0; i < n; i++) {
      const kind = kinds[i]!;
      const forMs = kind === "silence" ? (i === 1 ? SILENCE_IS_A_FAULT_MS + this.below(60_000) : 1_000 + this.below(60_000)) : 0;
      const ep: FuzzEpisode = { kind, atMs: times[i]!, forMs };
      this.episodes.push(ep);
      this.hal.scheduler.schedule(() => this.start(ep, toApp), ep.atMs);
    }
  }

  private start(ep: FuzzEpisode, toApp: (bytes: Uint8Array) => void): void {
    switch (ep.kind) {
      case "silence":
        this.silentUntilMs = Math.max(this.silentUntilMs, this.nowMs() + ep.forMs);
        return;
      case "garbage":
        this.garble += 1 + this.below(4);
        return this.inject(this.randomBytes(1 + this.below(200)), toApp);
      case "urc": {
        let text = "";
        for (let k = 1 + this.below(4); k > 0; k--) text += URCS[this.below(URCS.length)]!;
        return this.inject(bytesOf(text), toApp);
      }
      case "truncated_pdu": {
        const cutAt = this.below(PDU.length);
        const pdu = PDU.slice(0, cutAt) + (this.below(2) ? "" : "ZZ");
        return this.inject(bytesOf(`\r\n+CMT: ,${this.below(200)}\r\n${pdu}${this.below(2) ? "\r\n" : ""}`), toApp);
      }
      case "cut_line":
        this.cut += 1 + this.below(3);
        return;
    }
  }

  private inject(bytes: Uint8Array, toApp: (bytes: Uint8Array) => void): void {
    if (this.nowMs() < this.silentUntilMs) return;
    this.bytesInjected += bytes.length;
    toApp(bytes);
  }

  /** What the modem said, on its way to the receiver: dropped in a silence, garbled or cut short in an episode. */
  private fromModem(bytes: Uint8Array, toApp: (bytes: Uint8Array) => void): void {
    if (this.nowMs() < this.silentUntilMs) {
      this.chunksDropped++;
      return;
    }
    let out = bytes;
    if (this.garble > 0) {
      this.garble--;
      out = out.slice();
      for (let k = 1 + this.below(Math.max(1, out.length >> 2)); k > 0 && out.length > 0; k--) out[this.below(out.length)] = this.below(256);
      this.bytesInjected += out.length;
    }
    if (this.cut > 0 && out.length > 1) {
      this.cut--;
      out = out.slice(0, this.below(out.length));
      this.chunksDropped++;
    }
    if (out.length > 0) toApp(out);
  }

  private randomBytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.below(256));
  }
}

function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

/**
 * A deliberately broken receiver, to show the check catches what it claims: `throws-on-noise`:
 * the modem UART's handler throws on a byte no modem sends in a line (0xFF), as a driver without
 * its guards would; `siren-stops-on-modem-fault`: the siren output goes dead once a modem fault is
 * reported (as if the fault's handling took the siren's cadence down).
 */
export type ModemFuzzMutant = "throws-on-noise" | "siren-stops-on-modem-fault";

/** The hal of a broken receiver (`ModemFuzzMutant`). */
function broken(hal: DeviceHal, mutant: ModemFuzzMutant | undefined): DeviceHal {
  if (mutant === "throws-on-noise") {
    const open = hal.openModemSerial;
    if (open === undefined) return hal;
    const openModemSerial: OpenSerial = (h) =>
      open({
        onReceive: (bytes) => {
          if (bytes.includes(0xff)) throw new Error("unexpected byte 0xFF from the modem");
          h.onReceive(bytes);
        },
      });
    return { ...hal, openModemSerial };
  }
  if (mutant === "siren-stops-on-modem-fault") {
    let dead = false;
    const events: DeviceHal["events"] = {
      emit: ((event: string, fields?: Record<string, unknown>) => {
        if (event === "modem_fault") dead = true;
        (hal.events.emit as (e: string, f?: Record<string, unknown>) => void)(event, fields);
      }) as DeviceHal["events"]["emit"],
    };
    const openOutput: DeviceHal["openOutput"] = (role, initial) => {
      const pin = hal.openOutput(role, initial);
      return role !== "siren" ? pin : { write: (level) => pin.write(dead ? 0 : level), close: () => pin.close() };
    };
    return { ...hal, events, openOutput };
  }
  return hal;
}

/**
 * Runs one seeded fuzz of the modem's output against the whole receiver and checks it.
 * @param seed any u32: the scenario's seed and the fuzzer's stream.
 * @param mutant a deliberately broken receiver (default none).
 */
export function checkModemFuzz(seed: number, mutant?: ModemFuzzMutant): ModemFuzzRun {
  const random = new Random(seed >>> 0, "bench:modem-fuzz");
  let fuzzer: Fuzzer | undefined;
  const sim = new Simulation(scenario(seed >>> 0), {
    starter: (p, apps) =>
      p.role !== "receiver"
        ? undefined
        : (hal: DeviceHal) => {
            fuzzer = new Fuzzer(random, hal);
            const open = hal.openModemSerial;
            return apps.receiver(broken(open === undefined ? hal : { ...hal, openModemSerial: fuzzer.open(open) }, mutant), p.config);
          },
  });
  const problems: string[] = [];
  try {
    sim.advanceTo(sim.endMs);
  } catch (err) {
    problems.push(err instanceof SimAppError ? `an exception escaped the ${err.device} app: ${err.message}` : `the run threw: ${(err as Error).message}`);
  }
  const result = sim.finish();
  const ev = result.events;
  const f = fuzzer!;
  problems.push(...judge(ev, result, f.episodes));
  return {
    seed,
    episodes: f.episodes,
    bytesInjected: f.bytesInjected,
    chunksDropped: f.chunksDropped,
    problems,
    modemFaults: ev.filter((e) => e.event === "modem_fault").length,
    modemNoise: ev.filter((e) => e.event === "modem_noise").length,
    takes: ev.filter((e) => e.event === "escalation_taken" && e.via !== "post").length,
    endMs: result.endMs,
    steps: result.steps,
  };
}

/** The claims, over one run's events. */
function judge(ev: readonly SimEvent[], result: RunResult, episodes: readonly FuzzEpisode[]): string[] {
  const out: string[] = [];
  const post = (name: string) => ev.filter((e) => e.device === "post" && e.event === name);
  // the alarms are recorded
  const opened = post("incident_opened");
  for (const caller of ["clinic", "bank"]) if (!opened.some((e) => e.caller === caller)) out.push(`the alarm from ${caller} was not recorded`);
  const firstOpen = opened[0]?.t;
  // The siren plays the alarm from the first incident until every incident is acknowledged: at
  // the post's button (ACK_AT_MS), or earlier by a phone if the modem reported a take (a fuzzed
  // "+RXDTMF: 1" during a call is the modem saying a key was pressed: a real take).
  const acked = post("incident_acknowledged");
  const byPhone = acked.filter((e) => e.by !== undefined);
  for (const e of byPhone) if (!post("escalation_taken").some((x) => x.t === e.t && x.by === e.by && x.via !== "post")) out.push(`${String(e.caller)}#${String(e.incident)} acknowledged by ${String(e.by)} with no take reported`);
  const allAckedAt = opened.every((o) => acked.some((a) => a.caller === o.caller && a.incident === o.incident))
    ? Math.max(...opened.map((o) => acked.find((a) => a.caller === o.caller && a.incident === o.incident)!.t))
    : undefined;
  if (allAckedAt === undefined) out.push("an alarm was never acknowledged, not even by the post's button");
  const quietFrom = Math.min(allAckedAt ?? ACK_AT_MS, ACK_AT_MS);
  const sirens = post("siren").filter((e) => firstOpen !== undefined && e.t >= firstOpen && e.t < quietFrom);
  const last = sirens.at(-1);
  if (!last || last.pattern !== "alarm") out.push(`the siren was ${last ? `${String(last.pattern)}` : "silent"} before the acknowledge, not alarm`);
  for (const s of sirens) if (s.pattern !== "alarm") out.push(`the siren changed to ${String(s.pattern)} at ${s.t} ms, before the acknowledge`);
  const levels = result.devices.find((d) => d.id === "post")?.outputs.siren ?? [];
  if (firstOpen !== undefined) {
    const within = levels.filter((c) => c.atUs >= firstOpen * 1000 && c.atUs <= quietFrom * 1000);
    let prev = firstOpen * 1000;
    for (const c of within) {
      if (c.atUs - prev > ALARM_LONGEST_LEVEL_US) out.push(`the siren held one level ${((c.atUs - prev) / 1000).toFixed(0)} ms up to ${(c.atUs / 1000).toFixed(0)} ms: its cadence stopped`);
      prev = c.atUs;
    }
    if (quietFrom * 1000 - prev > ALARM_LONGEST_LEVEL_US) out.push(`the siren's cadence stopped at ${(prev / 1000).toFixed(0)} ms, before the acknowledge`);
  }
  // a silence long enough is a modem fault by its end (reported during it, or before it and not cleared since)
  const health = ev.filter((e) => e.device === "post" && (e.event === "modem_fault" || e.event === "modem_ok"));
  for (const s of episodes.filter((e) => e.kind === "silence" && e.forMs >= SILENCE_IS_A_FAULT_MS)) {
    const state = health.filter((e) => e.t <= s.atMs + s.forMs).at(-1);
    if (state?.event !== "modem_fault") out.push(`the modem silent from ${s.atMs} ms for ${s.forMs} ms was not reported as a fault (last: ${state ? `${state.event} at ${state.t} ms` : "nothing"})`);
  }
  // frames from callers are still acked: both alarms delivered, no caller lost its post, none reported offline
  for (const caller of ["clinic", "bank"]) {
    if (!ev.some((e) => e.device === caller && e.event === "alarm_delivered")) out.push(`${caller}'s alarm was never acked`);
    if (ev.some((e) => e.device === caller && e.event === "link_fault")) out.push(`${caller} reported a link fault: the post stopped acking it`);
  }
  for (const e of post("caller_offline")) out.push(`the post reported ${String(e.caller)} offline at ${e.t} ms`);
  return out;
}
