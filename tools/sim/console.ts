/**
 * A simulated board with a serial console (`bell sim --console DEVICE=PATH`): the device of a
 * scenario behaves on its console like a flashed ESP32 (`docs/console.md`), so `bell provision`
 * and `bell monitor` drive it exactly as they drive a board.
 *
 * - Its identity lives in its own `bell-id` store (kept across power cycles, like NVS). At every
 *   start it is read with the firmware's reader (`readCallerIdentity`/`readReceiverIdentity`),
 *   as `firmware/moddable/boot.ts` does: unprovisioned → an `unprovisioned` event and a plain
 *   sentence, the radio stays off; invalid → `provisioning_error`; valid → the app starts with it.
 *   Without `unprovisioned`, the store starts with the simulator's own identity (`provision.ts`)
 *   written by the real writer, so the console device starts as the scenario says.
 * - Its event lines go out on the console as a board prints them: `device` is the provisioned id
 *   (`unprovisioned` before), `t` counts ms since the app started; the engine's own events
 *   (`input`, `power`, `attack`, and with `--detail` `pin` and radio) stay off the console. A ROM-like reset line precedes
 *   each start (text that is not JSON, as on a board).
 * - Command lines are read with the firmware's `LineReader` and answered by the firmware's
 *   `ConsoleHandler`, at the current virtual time, only while the device runs (a board that is
 *   off or booting hears nothing). `reboot` cuts and restores power.
 */
import { SETTINGS_JSON_NAMES, SETTINGS_DEFAULTS, type Settings } from "../../firmware/core/config.ts";
import { escalationSettingsJson } from "../../firmware/core/escalation/settings.ts";
import { eventsFrom } from "../../firmware/core/events.ts";
import type { DeviceApp, DeviceHal } from "../../firmware/hal/device.ts";
import { IDENTITY_DOMAIN, readCallerIdentity, readReceiverIdentity } from "../../firmware/stack/identity.ts";
import { ConsoleHandler, CONSOLE_LIMITS } from "../../firmware/stack/console.ts";
import { LineReader } from "../../firmware/stack/console-lines.ts";
import { writeIdentity, type Identity } from "../../firmware/stack/identity-writer.ts";
import type { AppStarter, SimDevice } from "./device.ts";
import type { Provisioned } from "./provision.ts";
import type { AppStarters, SimEvent } from "./run.ts";
import { SimStore } from "./store.ts";

/** The device id a board prints before it has an identity (`firmware/moddable/boot.ts`). */
export const UNPROVISIONED_DEVICE = "unprovisioned";

/**
 * Events the simulation engine reports about a device (what the scenario did to it, what the
 * air did): a board does not print them, so its console does not either.
 */
export const ENGINE_EVENTS: ReadonlySet<string> = new Set(eventsFrom("simulator"));

/** The Wi-Fi channel of identities the simulator writes itself (the medium has no channels). */
export const SIM_CHANNEL = 1;

/** Options of `SimBoard`. */
export interface SimBoardOptions {
  /** The scenario device, with its simulated MAC (the board's station address). */
  provisioned: Provisioned;
  /** Start with an empty `bell-id` store (default false: the simulator's identity is written). */
  unprovisioned?: boolean;
  /** Writes text to the console (lines end with "\n"). */
  write(text: string): void;
  /** Virtual time now, ms. */
  nowMs(): number;
}

/** One simulated board with a console. */
export class SimBoard {
  /** The `bell-id` domain: what `bell provision` writes. */
  readonly identityStore = new SimStore();
  readonly id: string;
  readonly role: "caller" | "receiver";
  readonly address: string;
  private device: SimDevice | undefined;
  private app: DeviceApp | undefined;
  private deviceId = UNPROVISIONED_DEVICE;
  private startedAtMs = 0;
  private readonly o: SimBoardOptions;
  private readonly handler: ConsoleHandler;
  private readonly reader: LineReader;

  constructor(options: SimBoardOptions) {
    this.o = options;
    const p = options.provisioned;
    this.id = p.device.id;
    this.role = p.role;
    this.address = p.identity.address;
    if (!options.unprovisioned) writeIdentity(this.identityStore, simIdentity(p));
    this.handler = new ConsoleHandler({
      role: this.role,
      identityStore: this.identityStore,
      appStore: {
        get: (key) => this.requireDevice().store.get(key),
        set: (key, value) => this.requireDevice().store.set(key, value),
        delete: (key) => this.requireDevice().store.delete(key),
        keys: () => this.requireDevice().store.keys(),
      },
      selfAddress: this.address,
      app: () => this.app,
    });
    this.reader = new LineReader({
      maxLineBytes: CONSOLE_LIMITS.maxLineBytes,
      onLine: (line) => this.answer(this.handler.handle(line)),
      onOverflow: (bytes) => this.answer(this.handler.overflow(bytes)),
    });
  }

  /** Connects the board to its simulated device (after the `Simulation` is built). */
  attach(device: SimDevice): void {
    this.device = device;
  }

  /** The app starter for `SimulationOptions.starter`: reads the identity at every start. */
  starter(apps: AppStarters): AppStarter {
    return (hal: DeviceHal): DeviceApp => {
      this.startedAtMs = this.o.nowMs();
      this.o.write("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)  [simulated board]\n");
      const caller = this.role === "caller" ? readCallerIdentity(this.identityStore, this.address) : undefined;
      const receiver = this.role === "receiver" ? readReceiverIdentity(this.identityStore, this.address) : undefined;
      const identity = caller ?? receiver!;
      if (identity.status !== "ok") {
        this.deviceId = (identity.status === "invalid" && identity.deviceId) || UNPROVISIONED_DEVICE;
        this.app = undefined;
        if (identity.status === "unprovisioned") {
          hal.events.emit("unprovisioned", { role: this.role, address: this.address, domain: IDENTITY_DOMAIN });
          this.o.write(
            `warning-bell ${this.role} ${this.address}: not provisioned (Preference domain "${IDENTITY_DOMAIN}" is empty). ` +
              "The radio stays off. Provision this device with `bell provision` (docs/deploying.md).\n",
          );
        } else {
          hal.events.emit("provisioning_error", { role: this.role, address: this.address, key: identity.key, reason: identity.reason });
          this.o.write(
            `warning-bell ${this.role} ${this.address}: bad provisioning, Preference "${IDENTITY_DOMAIN}/${identity.key}": ${identity.reason}. ` +
              "The radio stays off. Provision this device again with `bell provision` (docs/deploying.md).\n",
          );
        }
        return { stop: () => undefined };
      }
      this.deviceId = identity.deviceId;
      // the modem's AT dialect is the board's, not the identity's
      const p = this.o.provisioned;
      const modem = p.role === "receiver" && p.config.modem !== undefined ? { modem: p.config.modem } : {};
      const app = caller?.status === "ok" ? apps.caller(hal, caller.config) : apps.receiver(hal, { ...(receiver as typeof receiver & { status: "ok" }).config, ...modem });
      this.app = app;
      return {
        stop: () => {
          this.app = undefined;
          app.stop();
        },
      };
    };
  }

  /** Bytes that arrived on the console; dropped while the device is off or booting. */
  receive(bytes: Uint8Array): void {
    if (!this.device?.running) return;
    this.reader.push(bytes);
  }

  /** Prints an event of the simulation on the console if this device reported it (not the engine's). */
  event(e: SimEvent): void {
    if (e.device !== this.id || ENGINE_EVENTS.has(e.event)) return;
    const { t, device: _device, event, ...fields } = e;
    this.o.write(JSON.stringify({ t: Math.max(0, t - this.startedAtMs), device: this.deviceId, event, ...fields }) + "\n");
  }

  private answer(reply: { line: string; reboot: boolean } | undefined): void {
    if (reply === undefined) return;
    this.o.write(reply.line + "\n");
    if (reply.reboot) {
      const device = this.requireDevice();
      device.powerOff();
      device.powerOn();
    }
  }

  private requireDevice(): SimDevice {
    if (this.device === undefined) throw new Error(`board ${this.id}: not attached to its simulated device`);
    return this.device;
  }
}

/** The simulator's own identity of a device, in the writer's form. */
export function simIdentity(p: Provisioned): Identity {
  const base = { id: p.identity.id, name: p.identity.name, nodeId: p.identity.nodeId, channel: SIM_CHANNEL, settings: settingsJson(p.config.settings) };
  if (p.role === "caller") {
    const r = p.config.receiver;
    return { role: "caller", ...base, key: p.config.key, receiver: { id: r.id, nodeId: r.nodeId, mac: r.address, name: r.name } };
  }
  return {
    role: "receiver",
    ...base,
    callers: p.config.callers.map((c) => ({ id: c.id, nodeId: c.nodeId, mac: c.address, name: c.name, key: c.key, ...(c.heartbeatMs === undefined ? {} : { heartbeatMs: c.heartbeatMs }) })),
    ...(p.config.escalation === undefined ? {} : { escalation: escalationSettingsJson(p.config.escalation) }),
  };
}

/** Settings back to their JSON form, only those that differ from the defaults (undefined if none). */
function settingsJson(settings: Settings): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [json, field] of Object.entries(SETTINGS_JSON_NAMES)) {
    if (settings[field] !== SETTINGS_DEFAULTS[field]) out[json] = settings[field];
  }
  return Object.keys(out).length ? out : undefined;
}
