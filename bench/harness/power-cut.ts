/**
 * A power cut in the middle of an app's step, which the simulator's `power` input cannot do
 * (it cuts between events). A fuse wraps a device's hal: the write that trips it never reaches
 * the store, and from then on every write throws and every radio send goes nowhere, as if the
 * CPU had stopped there; the test then powers the device off (its RAM is lost) and on again.
 */
import { startCaller, type CallerApp } from "../../firmware/caller/app.ts";
import type { DeviceHal } from "../../firmware/hal/device.ts";
import type { StoreValue } from "../../firmware/hal/store.ts";
import { startReceiver, type ReceiverApp } from "../../receiver/app.ts";
import { parseScenario } from "../../tools/sim/scenario.ts";
import type { WriteFault } from "./faulty-store.ts";
import { Simulation, type RunResult, type SimEvent } from "../../tools/sim/run.ts";

/** Decides whether the power dies just before this write (called for every write until it trips). */
export type CutBefore = (key: string) => boolean;

/** The fuse of one device: trips once, at the first write `cutBefore` names. */
export class Fuse {
  blown = false;
  tripped = false;
  /**
   * @param cutBefore where the power dies.
   * @param failWrite optional: writes that fail on their own, power or not (a worn flash,
   *   `faulty-store.ts`); a write that fails this way does not count as reaching the store.
   */
  constructor(
    readonly cutBefore: CutBefore,
    readonly failWrite?: WriteFault,
  ) {}

  /** The device's hal with its store and radio behind this fuse (a no-op once tripped and mended). */
  wrap(hal: DeviceHal): DeviceHal {
    const check = (key: string) => {
      if (!this.tripped && this.cutBefore(key)) {
        this.tripped = true;
        this.blown = true;
      }
      if (this.blown) throw new Error(`store "${key}": no power (cut mid-step)`);
      if (this.failWrite?.(key, hal.clock.now())) throw new Error(`store "${key}": write failed (nvs set fail, injected)`);
    };
    const store = hal.store;
    return {
      ...hal,
      store: {
        get: (key) => store.get(key),
        set: (key: string, value: StoreValue) => {
          check(key);
          store.set(key, value);
        },
        delete: (key: string) => {
          check(key);
          store.delete(key);
        },
        keys: () => store.keys(),
      },
      openRadio: (handlers) => {
        const radio = hal.openRadio(handlers);
        return {
          get maxPayload() {
            return radio.maxPayload;
          },
          get address() {
            return radio.address;
          },
          get busy() {
            return radio.busy;
          },
          send: (to, payload) => {
            if (!this.blown) radio.send(to, payload);
          },
          abandon: () => radio.abandon(),
          close: () => radio.close(),
        };
      },
    };
  }
}

/** Told of every app start (each power-up), with the device's scenario id and node id. */
export type OnStart = (id: string, nodeId: number, app: CallerApp | ReceiverApp) => void;

export interface CutRun extends RunResult {
  of(name: string, device?: string): SimEvent[];
  /** Virtual ms at which the fuse tripped (and the device was switched off), or undefined. */
  cutAtMs: number | undefined;
}

/**
 * Runs `json` with `device` behind `fuse`; when the fuse trips the device is switched off at
 * once and on again `offMs` later. `onStart` (optional) sees every app started, on every device.
 */
export function runWithPowerCut(json: Record<string, unknown>, device: string, fuse: Fuse, offMs: number, onStart?: OnStart): CutRun {
  const scenario = parseScenario(json);
  const sim = new Simulation(scenario, {
    starter: (p) => {
      if (p.device.id !== device && onStart === undefined) return undefined;
      const wrap = (hal: DeviceHal) => (p.device.id === device ? fuse.wrap(hal) : hal);
      if (p.role === "caller") {
        return (hal) => {
          const app = startCaller(wrap(hal), p.config);
          onStart?.(p.device.id, p.config.self.nodeId, app);
          return app;
        };
      }
      return (hal) => {
        const app = startReceiver(wrap(hal), p.config);
        onStart?.(p.device.id, p.config.self.nodeId, app);
        return app;
      };
    },
  });
  let cutAtMs: number | undefined;
  for (let ms = 1; ms <= sim.endMs; ms++) {
    sim.advanceTo(ms);
    if (fuse.blown && cutAtMs === undefined) {
      cutAtMs = ms;
      const d = sim.devices.get(device)!;
      d.powerOff();
      fuse.blown = false; // the next power-up runs on a sound supply
      sim.advanceTo(Math.min(ms + offMs, sim.endMs));
      d.powerOn();
      ms = sim.nowMs;
    }
  }
  const result = sim.finish();
  const of = (name: string, dev?: string) => result.events.filter((e) => e.event === name && (dev === undefined || e.device === dev));
  return { ...result, of, cutAtMs };
}
