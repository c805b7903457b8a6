/**
 * Host side of one simulated device whose firmware runs in an XS worker: it serves the calls of
 * the Moddable stand-ins (`standins/`, messages in `protocol.ts`) with the simulator's
 * `DeviceHal`, and calls the firmware back (timers, pin edges, frames, send-done) as commands.
 *
 * Mapping (stand-in → hal):
 * - `trace` lines → `events.emit` (the line's own `t` and `device` are dropped: the simulator
 *   stamps virtual time; the device id is checked). Lines the device start-up prints about its
 *   own wiring are checked and not forwarded (`WIRING_EVENTS`); other non-JSON text is kept as
 *   console output;
 * - `Timer.set`/`clear` → `scheduler.schedule`/`cancel`; `Time.ticks` and `Date.now` →
 *   `clock.now()` and `wallTime()`, sent with every command;
 * - `device.io.Digital` → `openInput`/`openOutput` by role; levels sent with every command;
 * - ESP-NOW natives → `openRadio` (send, abandon, close; receive and send-done come back);
 * - `device.io.Serial` (the modem UART) → `openModemSerial` (bytes out in order; bytes in come
 *   back as a command);
 * - `Preference` domain `bell` → `store`; `bell-id` → the provisioned identity; any other
 *   domain → a map the device keeps across boots;
 * - `hmac` → `hmac`; `rng` → `random` (4 bytes per draw, big-endian).
 * A call the host refuses comes back to XS as the same error class and message. A call that
 * returns nothing but fails on the host (a bug in a stand-in), or an exception the firmware
 * did not catch, ends the command with an error the simulator reports (`SimAppError`).
 */
import type { DeviceHal, OutputRole, InputRole } from "../../firmware/hal/device.ts";
import type { DigitalInput, DigitalOutput, Level } from "../../firmware/hal/digital.ts";
import type { EventFields, UntypedEventSink } from "../../firmware/hal/events.ts";
import type { Radio } from "../../firmware/hal/radio.ts";
import type { Serial } from "../../firmware/hal/serial.ts";
import type { Store, StoreValue } from "../../firmware/hal/store.ts";
import type { TimerHandle } from "../../firmware/hal/clock.ts";
import { COMMANDS, OPS, type BootInfo, type CommandMessage, type CommandReply, type HostContext, type Op, type QueryAnswer, type QueryMessage, type WireValue } from "./protocol.ts";
import { explainXsMessage, type XsReply, type XsWorker } from "./worker.ts";

/** The firmware's app store domain (`HAL_DEFAULTS.storeDomain` of `firmware/moddable/hal.ts`). */
export const APP_STORE_DOMAIN = "bell";

/** Event lines about the device's own start-up, checked here and not part of the app's stream. */
export const WIRING_EVENTS = Object.freeze({
  /** ESP-NOW is up: checked (address, peer count), then dropped (the Node engine has no such step). */
  radio_ready: "radio_ready",
  /** The identity was missing or bad: the XS engine provisioned it, so this is a failure. */
  unprovisioned: "unprovisioned",
  provisioning_error: "provisioning_error",
  /** The app threw at start: dropped, the exception that follows is the report. */
  boot_error: "boot_error",
});

/** An uncaught exception of the firmware, or a failure of the XS wiring, as the simulator sees it. */
export class XsDeviceError extends Error {
  override get name() {
    return "XsDeviceError";
  }
  constructor(
    message: string,
    /** The XS stack, when the firmware threw. */
    readonly xsStack = "",
  ) {
    super(message);
  }
}

/** Options of `XsDeviceHost`. */
export interface XsDeviceHostOptions {
  hal: DeviceHal;
  worker: XsWorker;
  /** The device id the firmware must write in its event lines. */
  deviceId: string;
  /** The device's radio address and its peer count, checked against `radio_ready`. */
  stationAddress: string;
  peerCount: number;
  /** Preference domains other than the app's, by name (the identity's `bell-id` among them); kept across boots by the caller. */
  domains: Map<string, Map<string, StoreValue>>;
  /** Console text lines that were not events (bounded by `consoleLimit`). */
  console: string[];
  /** Rewrites an XS stack to name source modules (`sourceStack` of the bundle). */
  sourceStack?: (stack: string) => string;
}

/** Console lines kept per device. */
const CONSOLE_LIMIT = 200;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One boot of one device. */
export class XsDeviceHost {
  readonly #hal: DeviceHal;
  readonly #worker: XsWorker;
  readonly #o: XsDeviceHostOptions;
  readonly #timers = new Map<number, TimerHandle>();
  readonly #inputs = new Map<number, DigitalInput>();
  readonly #outputs = new Map<number, DigitalOutput>();
  #radio: Radio | undefined;
  #serial: Serial | undefined;
  #lastPin = 0;
  #traceText = "";
  #fatal: Error | undefined;
  #dead = false;
  /** ms spent waiting for XS (commands, queries included). */
  xsMs = 0;

  constructor(options: XsDeviceHostOptions) {
    this.#o = options;
    this.#hal = options.hal;
    this.#worker = options.worker;
    this.#worker.handleQuery = (query) => this.#serve(query);
  }

  /** Starts the firmware: its entry point runs (the app starts inside). */
  boot(info: BootInfo): XsReply {
    return this.command(COMMANDS.boot, [info]);
  }

  /** The device lost power: no callback reaches XS any more. */
  kill(): void {
    this.#dead = true;
  }

  /**
   * Runs one host command in XS and applies what it did.
   * @throws XsDeviceError when the firmware threw or the wiring failed; XsError/XsWorkerError
   *   from the worker.
   */
  command(kind: string, args: unknown[]): XsReply {
    const message: CommandMessage = { c: this.#context(), k: kind, a: args };
    const started = performance.now();
    let result: XsReply;
    try {
      result = this.#worker.command(encoder.encode(JSON.stringify(message)));
    } finally {
      this.xsMs += performance.now() - started;
    }
    const reply = JSON.parse(decoder.decode(result.reply)) as CommandReply;
    this.#apply(reply.o);
    if (this.#fatal) {
      const fatal = this.#fatal;
      this.#fatal = undefined;
      throw fatal;
    }
    if (reply.late) {
      throw new XsDeviceError(`${reply.late} hal call(s) came from outside any callback (a promise job?): the XS engine cannot place them in virtual time`);
    }
    if (reply.e) {
      const [name, text, stack] = reply.e;
      throw new XsDeviceError(`${name}: ${explainXsMessage(text)}`, this.#o.sourceStack?.(stack) ?? stack);
    }
    return result;
  }

  #context(): HostContext {
    const levels: Record<string, Level> = {};
    for (const [id, input] of this.#inputs) levels[id] = input.read();
    const wall = this.#hal.wallTime?.();
    return { ticks: this.#hal.clock.now(), wallMs: wall === undefined ? 0 : wall * 1000, levels };
  }

  /** Calls back into XS unless the device has died (power off) meanwhile. */
  #callback(kind: string, args: unknown[]): void {
    if (this.#dead) return;
    this.command(kind, args);
  }

  #serve(bytes: Uint8Array): Uint8Array {
    const message = JSON.parse(decoder.decode(bytes)) as QueryMessage;
    let answer: QueryAnswer;
    this.#apply(message.o);
    if (this.#fatal) {
      answer = { e: ["Error", `the XS engine failed: ${this.#fatal.message}`] };
    } else {
      try {
        answer = { v: this.#call(message.q) ?? null };
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        answer = { e: [e.name, e.message] };
      }
    }
    return encoder.encode(JSON.stringify(answer));
  }

  /** Applies calls that return nothing; the first failure becomes fatal (they were checked in XS). */
  #apply(ops: Op[]): void {
    for (const op of ops) {
      if (this.#fatal) return;
      try {
        this.#post(op);
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        this.#fatal = new XsDeviceError(`the host refused ${op[0]}: ${e.name}: ${e.message}`);
      }
    }
  }

  #post(op: Op): void {
    const [name, ...a] = op;
    switch (name) {
      case OPS.trace:
        this.#trace(a[0] as string);
        return;
      case OPS.timerSet: {
        const id = a[0] as number;
        this.#timers.set(
          id,
          this.#hal.scheduler.schedule(() => {
            this.#timers.delete(id);
            this.#callback(COMMANDS.timer, [id]);
          }, a[1] as number),
        );
        return;
      }
      case OPS.timerClear:
        this.#hal.scheduler.cancel(this.#timers.get(a[0] as number));
        this.#timers.delete(a[0] as number);
        return;
      case OPS.pinWrite:
        this.#pin(this.#outputs, a[0]).write(a[1] as Level);
        return;
      case OPS.pinClose: {
        const id = a[0] as number;
        (this.#inputs.get(id) ?? this.#pin(this.#outputs, id)).close();
        this.#inputs.delete(id);
        this.#outputs.delete(id);
        return;
      }
      case OPS.radioSend:
        this.#openRadio().send(a[0] as string, Buffer.from(a[1] as string, "hex"));
        return;
      case OPS.radioAbandon:
        this.#openRadio().abandon();
        return;
      case OPS.radioClose:
        this.#radio?.close();
        this.#radio = undefined;
        return;
      case OPS.serialWrite:
        if (!this.#serial) throw new Error("modem UART: not open");
        this.#serial.write(Buffer.from(a[0] as string, "hex"));
        return;
      case OPS.serialClose:
        this.#serial = undefined;
        return;
      default:
        throw new Error(`unknown call "${name}" (or it needs a result: use call, not post)`);
    }
  }

  #call(op: Op): unknown {
    const [name, ...a] = op;
    switch (name) {
      case OPS.pinInput: {
        const id = ++this.#lastPin;
        const input = this.#hal.openInput(a[0] as InputRole, () => this.#callback(COMMANDS.readable, [id]));
        this.#inputs.set(id, input);
        return [id, input.read()];
      }
      case OPS.pinOutput: {
        const id = ++this.#lastPin;
        this.#outputs.set(id, this.#hal.openOutput(a[0] as OutputRole, a[1] as Level));
        return id;
      }
      case OPS.radioOpen:
        if (this.#radio) throw new Error("radio: already open");
        this.#radio = this.#hal.openRadio({
          onReceive: (payload, from, rssi) => this.#callback(COMMANDS.received, [Buffer.from(payload).toString("hex"), from, rssi ?? null]),
          onSent: (ok) => this.#callback(COMMANDS.sent, [ok]),
        });
        return true;
      case OPS.serialOpen: {
        if (this.#serial) throw new Error("modem UART: already open");
        const open = this.#hal.openModemSerial;
        if (open === undefined) throw new Error("modem UART: this simulated device has no modem (scenario lte.device names another, or there is no lte)");
        this.#serial = open({ onReceive: (bytes) => this.#callback(COMMANDS.serialReceived, [Buffer.from(bytes).toString("hex")]) });
        return true;
      }
      case OPS.prefGet:
        return toWire(this.#domain(a[0] as string).get(a[1] as string));
      case OPS.prefSet:
        this.#domain(a[0] as string).set(a[1] as string, fromWire(a[2] as WireValue));
        return null;
      case OPS.prefDelete:
        this.#domain(a[0] as string).delete(a[1] as string);
        return null;
      case OPS.prefKeys:
        return this.#domain(a[0] as string).keys();
      case OPS.hmac:
        return Buffer.from(this.#hal.hmac(Buffer.from(a[0] as string, "hex"), Buffer.from(a[1] as string, "hex"))).toString("hex");
      case OPS.random: {
        const count = a[0] as number;
        const out = Buffer.alloc(Math.ceil(count / 4) * 4);
        for (let i = 0; i < out.length; i += 4) out.writeUInt32BE(this.#hal.random() >>> 0, i);
        return out.subarray(0, count).toString("hex");
      }
      default:
        throw new Error(`unknown call "${name}"`);
    }
  }

  #pin<T>(table: Map<number, T>, id: unknown): T {
    const pin = table.get(id as number);
    if (pin === undefined) throw new Error(`pin ${String(id)} is not open`);
    return pin;
  }

  #openRadio(): Radio {
    if (!this.#radio) throw new Error("radio: not open");
    return this.#radio;
  }

  #domain(name: string): Pick<Store, "get" | "set" | "delete" | "keys"> {
    if (name === APP_STORE_DOMAIN) return this.#hal.store;
    let domain = this.#o.domains.get(name);
    if (!domain) {
      domain = new Map();
      this.#o.domains.set(name, domain);
    }
    const map = domain;
    return {
      get: (key) => {
        const v = map.get(key);
        return v instanceof Uint8Array ? v.slice() : v;
      },
      set: (key, value) => void map.set(key, value instanceof Uint8Array ? value.slice() : value),
      delete: (key) => void map.delete(key),
      keys: () => [...map.keys()],
    };
  }

  /** XS `trace` output: whole lines that are JSON objects are events. */
  #trace(text: string): void {
    this.#traceText += text;
    for (;;) {
      const nl = this.#traceText.indexOf("\n");
      if (nl < 0) return;
      const line = this.#traceText.slice(0, nl);
      this.#traceText = this.#traceText.slice(nl + 1);
      this.#line(line);
    }
  }

  #line(line: string): void {
    let parsed: unknown;
    try {
      parsed = line.startsWith("{") ? JSON.parse(line) : undefined;
    } catch {
      parsed = undefined;
    }
    if (parsed === null || typeof parsed !== "object" || typeof (parsed as { event?: unknown }).event !== "string") {
      const out = this.#o.console;
      if (out.length < CONSOLE_LIMIT) out.push(line);
      return;
    }
    const { t: _t, device, event, ...fields } = parsed as { t?: unknown; device?: unknown; event: string } & EventFields;
    void _t;
    if (device !== this.#o.deviceId) throw new Error(`event line names device ${JSON.stringify(device)}, expected ${JSON.stringify(this.#o.deviceId)}: ${line}`);
    switch (event) {
      case WIRING_EVENTS.radio_ready:
        if (fields.peers !== this.#o.peerCount || fields.address !== this.#o.stationAddress) {
          throw new Error(`radio_ready should report ${this.#o.stationAddress} with ${this.#o.peerCount} peers: ${line}`);
        }
        return;
      case WIRING_EVENTS.unprovisioned:
      case WIRING_EVENTS.provisioning_error:
        throw new Error(`the firmware did not accept the identity the XS engine provisioned: ${line}`);
      case WIRING_EVENTS.boot_error:
        return;
      default:
        (this.#hal.events as UntypedEventSink).emit(event, fields as EventFields);
    }
  }
}

function toWire(value: StoreValue | undefined): WireValue | null {
  if (value === undefined) return null;
  if (value instanceof Uint8Array) return { hex: Buffer.from(value).toString("hex") };
  return value;
}

function fromWire(value: WireValue): StoreValue {
  if (value !== null && typeof value === "object") return new Uint8Array(Buffer.from(value.hex, "hex"));
  return value;
}
