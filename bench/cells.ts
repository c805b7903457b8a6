/**
 * Several cells on one medium, for the scale benchmark: a cell is one receiver and up to 20
 * callers (the ESP-NOW peer limit, which `checkConfig` and the scenario format enforce), and
 * N cells share one simulated air and one event queue.
 *
 * A scenario file holds exactly one receiver, so this wires the simulator's own parts
 * (`EventQueue`, `Medium`, `SimDevice`, `Random`, the real `startCaller` / `startReceiver`)
 * the way `runScenario` does, with one difference: node ids, addresses and keys are assigned
 * across all cells (node id = 1 + global index, address `simAddress(node id)`, key from stream
 * `key:<id>`), and each caller reports to its own cell's receiver. Nothing in the apps or the
 * radio model is changed or bypassed.
 *
 * The medium models each directed link on its own (loss, latency, duplication); it does **not**
 * model collisions or carrier sense between cells, so channel occupancy is computed from the
 * frames sent (`airtime.ts`), not simulated.
 */
import { startCaller } from "../firmware/caller/app.ts";
import { KEY_BYTES, parseSettings, type CallerConfig, type PeerIdentity, type ReceiverConfig } from "../firmware/core/config.ts";
import type { HmacSha256 } from "../firmware/hal/crypto.ts";
import type { EventFields } from "../firmware/hal/events.ts";
import { startReceiver } from "../receiver/app.ts";
import { EventQueue } from "../tools/sim/clock.ts";
import { SimDevice } from "../tools/sim/device.ts";
import type { RadioOverrides } from "../tools/sim/link-model.ts";
import { Medium, type MediumStats } from "../tools/sim/medium.ts";
import { simAddress } from "../tools/sim/provision.ts";
import { Random } from "../tools/sim/random.ts";
import { CALLERS_PER_RECEIVER } from "./deployment.ts";

/** Options of `runCells`. */
export interface CellsOptions {
  /** Callers in all, ≥ 1; cells of 20 (the last may be smaller). */
  callers: number;
  seed: number;
  durationMs: number;
  /** The radio model of every link (camelCase, as the medium takes it). */
  radio: RadioOverrides;
  hmac: HmacSha256;
  /** Every app event, with the device id (e.g. to count `caller_offline`). */
  onEvent?: (device: string, event: string, fields: EventFields) => void;
}

/** What a run of cells did. */
export interface CellsResult {
  callers: number;
  receivers: number;
  stats: MediumStats;
  /** Frames and bytes sent, by direction. */
  up: { frames: number; bytes: number };
  down: { frames: number; bytes: number };
  /** Queue events processed (boot included). */
  steps: number;
  /** Wall and CPU time of the run after t = 0, s (the steady state the speed figures divide). */
  wallS: number;
  cpuS: number;
  /** CPU time of everything at t = 0, s: every device powering up and its app starting (`start`). */
  bootCpuS: number;
}

/**
 * Builds the cells, powers everything on at t = 0 and runs to `durationMs`. Time is measured in
 * two spans: t = 0 (every device boots; `bootCpuS`), then the rest (`wallS`, `cpuS`).
 * @throws RangeError for a bad caller count; whatever the apps throw (SimAppError).
 */
export function runCells(o: CellsOptions): CellsResult {
  if (!Number.isInteger(o.callers) || o.callers < 1 || o.callers > 60_000) throw new RangeError(`callers must be 1…60000, got ${o.callers}`);
  const cells = Math.ceil(o.callers / CALLERS_PER_RECEIVER);
  const settings = parseSettings(undefined);
  const queue = new EventQueue();
  const up = { frames: 0, bytes: 0 };
  const down = { frames: 0, bytes: 0 };
  const receiverIds = new Set<string>();
  const medium = new Medium({
    queue,
    seed: o.seed,
    global: o.radio,
    observe: (device, event, fields) => {
      if (event !== "radio_send") return;
      const dir = receiverIds.has(device) ? down : up;
      dir.frames++;
      dir.bytes += fields.bytes as number;
    },
  });
  const emit = (device: string, event: string, fields: EventFields) => o.onEvent?.(device, event, fields);
  const devices: SimDevice[] = [];
  let next = 1;
  const identity = (id: string): PeerIdentity => {
    const nodeId = next++;
    return { id, nodeId, address: simAddress(nodeId), name: id };
  };
  const add = (who: PeerIdentity, role: "caller" | "receiver", start: ConstructorParameters<typeof SimDevice>[0]["start"]) => {
    medium.attach(who.id, who.address);
    devices.push(new SimDevice({ id: who.id, role, queue, medium, random: new Random(o.seed, `device:${who.id}`), hmac: o.hmac, start, emit }));
  };
  for (let cell = 0, left = o.callers; cell < cells; cell++) {
    const n = Math.min(CALLERS_PER_RECEIVER, left);
    left -= n;
    const receiver = identity(`post${cell + 1}`);
    receiverIds.add(receiver.id);
    const callers = Array.from({ length: n }, (_, i) => identity(`cell${cell + 1}-c${String(i + 1).padStart(2, "0")}`));
    const keys = callers.map((c) => new Random(o.seed, `key:${c.id}`).bytes(KEY_BYTES));
    const receiverConfig: ReceiverConfig = { self: receiver, callers: callers.map((c, i) => ({ ...c, key: keys[i]! })), settings };
    add(receiver, "receiver", (hal) => startReceiver(hal, receiverConfig));
    callers.forEach((c, i) => {
      const callerConfig: CallerConfig = { self: c, key: keys[i]!, receiver, settings };
      add(c, "caller", (hal) => startCaller(hal, callerConfig));
    });
  }
  const cpuS = (since: NodeJS.CpuUsage) => {
    const cpu = process.cpuUsage(since);
    return (cpu.user + cpu.system) / 1e6;
  };
  const boot0 = process.cpuUsage();
  for (const d of devices) d.powerOn();
  let steps = queue.runUntil(0);
  const bootCpuS = cpuS(boot0);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  steps += queue.runUntil(o.durationMs * 1000);
  const wallS = (performance.now() - t0) / 1000;
  return { callers: o.callers, receivers: cells, stats: { ...medium.stats }, up, down, steps, wallS, cpuS: cpuS(cpu0), bootCpuS };
}
