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
 *
 * **Partitioned by default.** Cells share no air model and no device, and every random stream is
 * per device or per directed link (`tools/sim/random.ts`), so a cell's devices see exactly the
 * same events whether the other cells run beside them or not. `runCells` therefore runs each cell
 * on its own queue and medium, one after another, to the end (tools/sim/README.md "Partitioned
 * runs"): every device's event stream is the one of the whole world on one queue (proved by
 * `test/sim/partitioned-cells-give-each-device-the-event-stream-of-the-whole-world.test.ts`);
 * only the interleaving of different cells' events in `onEvent` differs. Each cell's medium knows
 * the other cells' addresses as `elsewhere`, so a frame that would cross cells throws rather than
 * being simulated wrongly. `queue: "shared"` runs the whole world on one queue and one medium.
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

/** How `runCells` runs its cells. */
export type CellsQueue = "partitioned" | "shared";

/** A press of a caller's button in `runCells`. */
export interface CellsPress {
  /** The caller's id, `cell<k>-c<nn>` (k from 1, nn from 01). */
  caller: string;
  /** When the button goes down, integer ms ≥ 0 of virtual time. */
  atMs: number;
  /** How long it is held, integer ms ≥ 1. */
  holdMs: number;
}

/** Options of `runCells`. */
export interface CellsOptions {
  /** Callers in all, ≥ 1; cells of 20 (the last may be smaller). */
  callers: number;
  seed: number;
  durationMs: number;
  /** The radio model of every link (camelCase, as the medium takes it). */
  radio: RadioOverrides;
  hmac: HmacSha256;
  /**
   * `partitioned` (default): each cell on its own queue and medium, one cell after another;
   * `shared`: every cell on one queue and one medium. Same event stream for every device.
   */
  queue?: CellsQueue;
  /** Button presses (clean edges: down at `atMs`, up `holdMs` later). Default none. */
  presses?: readonly CellsPress[];
  /**
   * Every app event, with the device id and the virtual time, µs (e.g. to count
   * `caller_offline`). Each device's events come in its own order; with `partitioned`, one
   * cell's events all come before the next cell's.
   */
  onEvent?: (device: string, event: string, fields: EventFields, atUs: number) => void;
}

/** What a run of cells did. */
export interface CellsResult {
  callers: number;
  receivers: number;
  /** Queues the run used: the number of cells when partitioned, else 1. */
  partitions: number;
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

/** One cell's devices, before they are built. */
interface CellPlan {
  receiver: PeerIdentity;
  callers: PeerIdentity[];
}

/**
 * Builds the cells, powers everything on at t = 0 and runs to `durationMs`. Time is measured in
 * two spans per queue: t = 0 (every device boots; `bootCpuS`), then the rest (`wallS`, `cpuS`),
 * each summed over the partitions.
 * @throws RangeError for a bad caller count or press; Error (as SimAppError) if a frame would
 *   cross cells in a partitioned run; whatever the apps throw (SimAppError).
 */
export function runCells(o: CellsOptions): CellsResult {
  if (!Number.isInteger(o.callers) || o.callers < 1 || o.callers > 60_000) throw new RangeError(`callers must be 1…60000, got ${o.callers}`);
  const mode = o.queue ?? "partitioned";
  if (mode !== "partitioned" && mode !== "shared") throw new RangeError(`queue must be "partitioned" or "shared", got ${String(mode)}`);
  const cells = Math.ceil(o.callers / CALLERS_PER_RECEIVER);
  const settings = parseSettings(undefined);
  const plans: CellPlan[] = [];
  let next = 1;
  const identity = (id: string): PeerIdentity => {
    const nodeId = next++;
    return { id, nodeId, address: simAddress(nodeId), name: id };
  };
  for (let cell = 0, left = o.callers; cell < cells; cell++) {
    const n = Math.min(CALLERS_PER_RECEIVER, left);
    left -= n;
    const receiver = identity(`post${cell + 1}`);
    plans.push({ receiver, callers: Array.from({ length: n }, (_, i) => identity(`cell${cell + 1}-c${String(i + 1).padStart(2, "0")}`)) });
  }
  const pressesOf = new Map<string, CellsPress[]>();
  for (const p of plans) for (const c of p.callers) pressesOf.set(c.id, []);
  for (const [i, p] of (o.presses ?? []).entries()) {
    const list = pressesOf.get(p.caller);
    if (list === undefined) throw new RangeError(`presses[${i}].caller: no caller ${JSON.stringify(p.caller)} in ${o.callers} callers`);
    if (!Number.isInteger(p.atMs) || p.atMs < 0) throw new RangeError(`presses[${i}].atMs must be an integer ≥ 0, got ${p.atMs}`);
    if (!Number.isInteger(p.holdMs) || p.holdMs < 1) throw new RangeError(`presses[${i}].holdMs must be an integer ≥ 1, got ${p.holdMs}`);
    list.push(p);
  }

  const up = { frames: 0, bytes: 0 };
  const down = { frames: 0, bytes: 0 };
  const stats: Partial<Record<keyof MediumStats, number>> = {};
  const result: CellsResult = { callers: o.callers, receivers: cells, partitions: 0, stats: stats as MediumStats, up, down, steps: 0, wallS: 0, cpuS: 0, bootCpuS: 0 };
  const groups = mode === "shared" ? [plans] : plans.map((p) => [p]);
  for (const group of groups) {
    const elsewhere = new Set<string>();
    if (groups.length > 1) {
      for (const p of plans) if (!group.includes(p)) for (const who of [p.receiver, ...p.callers]) elsewhere.add(who.address);
    }
    runWorld(o, group, elsewhere, settings, pressesOf, result);
    result.partitions++;
  }
  return result;
}

/** Builds one queue and medium with the devices of `plans`, runs it to the end and adds to `into`. */
function runWorld(
  o: CellsOptions,
  plans: readonly CellPlan[],
  elsewhere: ReadonlySet<string>,
  settings: ReturnType<typeof parseSettings>,
  pressesOf: ReadonlyMap<string, readonly CellsPress[]>,
  into: CellsResult,
): void {
  const queue = new EventQueue();
  const { up, down } = into;
  const receiverIds = new Set(plans.map((p) => p.receiver.id));
  // Frames and bytes by direction are read from the medium's counts after the run, not observed
  // per frame (no object per frame sent), and no frame is kept for an attacker, as there is none
  // (issue 15 §3).
  const medium = new Medium({ queue, seed: o.seed, global: o.radio, elsewhere, captureFrames: false });
  const onEvent = o.onEvent;
  const emit = (device: string, event: string, fields: EventFields) => onEvent?.(device, event, fields, queue.nowUs);
  const devices: SimDevice[] = [];
  const add = (who: PeerIdentity, role: "caller" | "receiver", start: ConstructorParameters<typeof SimDevice>[0]["start"]) => {
    medium.attach(who.id, who.address);
    devices.push(new SimDevice({ id: who.id, role, queue, medium, random: new Random(o.seed, `device:${who.id}`), hmac: o.hmac, start, emit }));
  };
  for (const { receiver, callers } of plans) {
    const keys = callers.map((c) => new Random(o.seed, `key:${c.id}`).bytes(KEY_BYTES));
    const receiverConfig: ReceiverConfig = { self: receiver, callers: callers.map((c, i) => ({ ...c, key: keys[i]! })), settings };
    add(receiver, "receiver", (hal) => startReceiver(hal, receiverConfig));
    callers.forEach((c, i) => {
      const callerConfig: CallerConfig = { self: c, key: keys[i]!, receiver, settings };
      add(c, "caller", (hal) => startCaller(hal, callerConfig));
    });
  }
  for (const d of devices) {
    for (const p of pressesOf.get(d.id) ?? []) {
      queue.at(p.atMs * 1000, () => d.drive("button", 0));
      queue.at((p.atMs + p.holdMs) * 1000, () => d.drive("button", 1));
    }
  }
  const cpuS = (since: NodeJS.CpuUsage) => {
    const cpu = process.cpuUsage(since);
    return (cpu.user + cpu.system) / 1e6;
  };
  const boot0 = process.cpuUsage();
  for (const d of devices) d.powerOn();
  let steps = queue.runUntil(0);
  into.bootCpuS += cpuS(boot0);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  steps += queue.runUntil(o.durationMs * 1000);
  into.wallS += (performance.now() - t0) / 1000;
  into.cpuS += cpuS(cpu0);
  into.steps += steps;
  for (const d of devices) {
    const sent = medium.sentBy(d.id);
    const dir = receiverIds.has(d.id) ? down : up;
    dir.frames += sent.frames;
    dir.bytes += sent.bytes;
  }
  const sum: Partial<Record<keyof MediumStats, number>> = into.stats;
  for (const k of Object.keys(medium.stats) as Array<keyof MediumStats>) sum[k] = (sum[k] ?? 0) + medium.stats[k]!;
}
