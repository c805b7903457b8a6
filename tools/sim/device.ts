/**
 * A simulated device: one ESP32 running the caller or receiver app on simulator adapters.
 *
 * It owns what survives a power cycle — its store (NVS), its pins' wiring and electrical
 * levels, its radio address — and rebuilds everything else at each power-up: a new run loop,
 * clock (ticks restart at `start_ticks`), scheduler and `DeviceHal`, and a new app instance
 * started with the same store.
 *
 * Power off: the store stops accepting writes (the power is gone), `app.stop()` runs, then
 * every queued callback (timers, pending `onReadable`, radio callbacks) is dropped, the pins
 * are released (outputs fall to 0) and the radio hears nothing. Power on: after `bootMs` the
 * app starts again. An exception thrown by app code is reported as `SimAppError` with the
 * device and the virtual time; the simulation does not swallow it.
 */
import type { OpenSerial } from "../../firmware/hal/serial.ts";
import type { DeviceApp, DeviceHal, InputRole, OutputRole } from "../../firmware/hal/device.ts";
import type { HmacSha256 } from "../../firmware/hal/crypto.ts";
import type { Level } from "../../firmware/hal/digital.ts";
import type { OpenRadio, RadioHandlers } from "../../firmware/hal/radio.ts";
import type { Screen } from "../../firmware/hal/screen.ts";
import { RadioRouter, type RadioRoute } from "../../firmware/stack/radio-router.ts";
import type { EventFields } from "../../firmware/hal/events.ts";
import { RESERVED_EVENT_FIELDS } from "../../firmware/core/events.ts";
import { JobError } from "../errors.ts";
import type { EventQueue, QueuedEvent } from "./clock.ts";
import { DeviceClock } from "./device-clock.ts";
import type { Medium } from "./medium.ts";
import { InputPin, OutputPin, PINS_DEFAULTS, type OutputChange } from "./pins.ts";
import type { Random } from "./random.ts";
import { RunLoop } from "./run-loop.ts";
import { SimScheduler } from "./scheduler.ts";
import { SimStore } from "./store.ts";
import { errorText } from "../../firmware/core/error-text.ts";

/** The pins each device role has (`firmware/hal/device.ts`). */
export const ROLE_PINS = {
  caller: { inputs: ["button"], outputs: ["led"] },
  receiver: { inputs: ["acknowledge", "reset", "next"], outputs: ["siren", "led"] },
} as const satisfies Record<string, { inputs: readonly InputRole[]; outputs: readonly OutputRole[] }>;

export type DeviceRole = keyof typeof ROLE_PINS;

/** Event fields the sink stamps itself: an app may not set them. */
export { RESERVED_EVENT_FIELDS };

/** App code threw: the simulation stops with the device, the time and the cause. */
export class SimAppError extends JobError {
  override get name() {
    return "SimAppError";
  }
  constructor(
    readonly device: string,
    readonly atUs: number,
    override readonly cause: unknown,
  ) {
    super("E_SIM_APP", `device ${device} threw at ${(atUs / 1000).toFixed(3)} ms: ${errorText(cause)}`);
  }
}

/** Starts the app on a freshly built hal (called at every power-up). */
export type AppStarter = (hal: DeviceHal) => DeviceApp;

/** Options of `SimDevice`. */
export interface SimDeviceOptions {
  id: string;
  role: DeviceRole;
  queue: EventQueue;
  medium: Medium;
  /** The device's own stream (`device:<id>`), its hal `random`. */
  random: Random;
  hmac: HmacSha256;
  start: AppStarter;
  /** Receives each app event; the caller stamps `t`. */
  emit: (device: string, event: string, fields: EventFields) => void;
  /** Tick counter at power-up, 0 … 2^32 − 1. Default 0. */
  startTicks?: number;
  /** Power-up → app start, integer ms ≥ 0. Default 0. */
  bootMs?: number;
  /** Edge → `onReadable` latency, integer µs ≥ 0. Default `PINS_DEFAULTS.inputLatencyUs`. */
  inputLatencyUs?: number;
  /** Unix seconds at virtual time 0 for hal `wallTime()`; undefined = unknown. */
  wallClockStartS?: number;
  /** Each observable output change (for tracing). */
  onOutput?: (device: string, role: OutputRole, change: OutputChange) => void;
  /**
   * Radios off the simulated medium (MQTT to a real broker), most specific prefix first. Given,
   * the app's radio is a `RadioRouter` over them plus the medium as the default route (unless
   * one of them has the empty prefix: then the device is off the medium). Their callbacks,
   * which come in real time, are posted to the device's run loop (dropped at power loss).
   */
  radioRoutes?: readonly RadioRoute[];
  /**
   * The device's screen (hal `openScreen`), opened by the app at each power-up; absent: the
   * device has none. `nowMs` is the virtual time, ms (the `t` of the run's events).
   */
  openScreen?: (device: string, nowMs: () => number) => Screen;
  /** The LTE modem's UART (scenario `lte`, the simulated modem `modem.ts`); its bytes reach the app on its run loop. */
  openModemSerial?: OpenSerial;
}

/** One simulated device. */
export class SimDevice {
  readonly id: string;
  readonly role: DeviceRole;
  readonly store = new SimStore();
  readonly inputs = new Map<InputRole, InputPin>();
  readonly outputs = new Map<OutputRole, OutputPin>();
  private readonly o: SimDeviceOptions;
  private readonly bootUs: number;
  private state: "off" | "booting" | "on" = "off";
  private bootEvent: QueuedEvent | undefined;
  private poweredUpAtUs = 0;
  private loop: RunLoop | undefined;
  private app: DeviceApp | undefined;
  private boots = 0;

  /** @throws RangeError for a bad bootMs, startTicks or inputLatencyUs. */
  constructor(options: SimDeviceOptions) {
    this.o = options;
    this.id = options.id;
    this.role = options.role;
    const bootMs = options.bootMs ?? 0;
    if (!Number.isInteger(bootMs) || bootMs < 0) throw new RangeError(`bootMs must be an integer ≥ 0, got ${bootMs}`);
    this.bootUs = bootMs * 1000;
    new DeviceClock({ queue: options.queue, startTicks: options.startTicks }); // validates startTicks now
    const latency = options.inputLatencyUs ?? PINS_DEFAULTS.inputLatencyUs;
    for (const role of ROLE_PINS[options.role].inputs) this.inputs.set(role, new InputPin(role, latency));
    for (const role of ROLE_PINS[options.role].outputs) {
      this.outputs.set(role, new OutputPin(role, () => options.queue.nowUs, (c) => options.onOutput?.(this.id, role, c)));
    }
  }

  /** Whether the app is running. */
  get running(): boolean {
    return this.state === "on";
  }

  /** Whether the device has power (booting or running). */
  get powered(): boolean {
    return this.state !== "off";
  }

  /** Number of times the app has been started. */
  get bootCount(): number {
    return this.boots;
  }

  /** Applies power; the app starts `bootMs` later. No effect if already powered. */
  powerOn(): void {
    if (this.state !== "off") return;
    this.state = "booting";
    this.poweredUpAtUs = this.o.queue.nowUs;
    for (const out of this.outputs.values()) out.setPowered(true);
    this.bootEvent = this.o.queue.after(this.bootUs, () => this.boot());
  }

  /** Cuts power: stop the app, drop its callbacks, release pins and radio. No effect if off. */
  powerOff(): void {
    if (this.state === "off") return;
    const wasRunning = this.state === "on";
    this.state = "off";
    this.o.queue.cancel(this.bootEvent);
    this.bootEvent = undefined;
    this.store.powered = false;
    const app = this.app;
    this.app = undefined;
    if (wasRunning && app) this.invoke(() => app.stop());
    this.loop?.stop();
    this.loop = undefined;
    for (const pin of this.inputs.values()) pin.release();
    for (const out of this.outputs.values()) out.setPowered(false);
    this.o.medium.release(this.id);
  }

  /**
   * Drives the electrical level of an input pin (the scenario's hand on the button).
   * @throws Error if this device has no such input.
   */
  drive(role: InputRole, level: Level): void {
    this.input(role).drive(level, this.state === "on" ? this.loop : undefined);
  }

  private input(role: InputRole): InputPin {
    const pin = this.inputs.get(role);
    if (!pin) throw new Error(`${this.role} ${this.id} has no input pin "${role}" (it has: ${[...this.inputs.keys()].join(", ")})`);
    return pin;
  }

  private output(role: OutputRole): OutputPin {
    const pin = this.outputs.get(role);
    if (!pin) throw new Error(`${this.role} ${this.id} has no output pin "${role}" (it has: ${[...this.outputs.keys()].join(", ")})`);
    return pin;
  }

  private boot(): void {
    this.bootEvent = undefined;
    this.state = "on";
    this.store.powered = true;
    this.boots++;
    const loop = new RunLoop(this.o.queue, (cb) => this.invoke(cb));
    this.loop = loop;
    const hal = this.buildHal(loop);
    this.invoke(() => {
      this.app = this.o.start(hal);
    });
  }

  private buildHal(loop: RunLoop): DeviceHal {
    const o = this.o;
    return {
      clock: new DeviceClock({ queue: o.queue, startTicks: o.startTicks, poweredUpAtUs: this.poweredUpAtUs }),
      scheduler: new SimScheduler(loop),
      random: () => o.random.u32(),
      hmac: o.hmac,
      store: this.store,
      events: { emit: (event: string, fields?: EventFields) => this.emit(event, fields) },
      wallTime: () => (o.wallClockStartS === undefined ? undefined : o.wallClockStartS + Math.floor(o.queue.nowUs / 1_000_000)),
      openRadio: (handlers) => this.openRadio(handlers, loop),
      openInput: (role, onReadable) => this.input(role).open(onReadable),
      openOutput: (role, initial) => this.output(role).openOutput(initial),
      ...(o.openScreen === undefined ? {} : { openScreen: () => o.openScreen!(this.id, () => Math.floor(o.queue.nowUs / 1000)) }),
      ...(o.openModemSerial === undefined ? {} : { openModemSerial: this.modemSerial(o.openModemSerial, loop) }),
    };
  }

  private modemSerial(open: OpenSerial, loop: RunLoop): OpenSerial {
    return (h) => open({ onReceive: (bytes) => loop.run(() => h.onReceive(bytes)) });
  }

  private openRadio(handlers: RadioHandlers, loop: RunLoop) {
    const routes = this.o.radioRoutes;
    if (routes === undefined) return this.o.medium.open(this.id, handlers, loop);
    const onLoop = (open: OpenRadio): OpenRadio => (h) =>
      open({
        onReceive: (payload, from, rssi) => void loop.post(0, () => h.onReceive(payload, from, rssi)),
        onSent: (ok) => void loop.post(0, () => h.onSent(ok)),
      });
    const all: RadioRoute[] = routes.map((r) => ({ prefix: r.prefix, open: onLoop(r.open) }));
    if (!routes.some((r) => r.prefix === "")) all.push({ prefix: "", open: (h) => this.o.medium.open(this.id, h, loop) });
    return new RadioRouter({ routes: all, handlers });
  }

  private emit(event: string, fields: EventFields | undefined): void {
    if (typeof event !== "string" || event.length === 0) throw new TypeError("event name must be a non-empty string");
    const out: EventFields = {};
    if (fields !== undefined) {
      for (const [key, value] of Object.entries(fields)) {
        if ((RESERVED_EVENT_FIELDS as readonly string[]).includes(key)) throw new TypeError(`event ${event}: field "${key}" is stamped by the sink`);
        const kind = typeof value;
        if (value !== null && kind !== "string" && kind !== "number" && kind !== "boolean") {
          throw new TypeError(`event ${event}: field "${key}" must be a string, number, boolean or null`);
        }
        if (kind === "number" && !Number.isFinite(value)) throw new TypeError(`event ${event}: field "${key}" must be finite`);
        out[key] = value;
      }
    }
    this.o.emit(this.id, event, out);
  }

  private invoke(callback: () => void): void {
    try {
      callback();
    } catch (err) {
      if (err instanceof SimAppError) throw err;
      throw new SimAppError(this.id, this.o.queue.nowUs, err);
    }
  }
}
