/**
 * Installs the Moddable device environment inside an xsnap machine, then waits for the host's
 * boot command to start the firmware (`bundle.ts` makes this the bundle's entry):
 * - the host link (`handleCommand`) and its `boot` and `collect` commands;
 * - the globals the firmware expects on a Moddable build: `trace` (the console: its lines are the
 *   JSON event stream), `device` (`device.io.Digital`, no named pins: the board manifest's
 *   `config.pins` governs), and `Native`/`native` for the ESP-NOW module's natives;
 * - `Date.now` reads the simulated wall clock of the running callback (ms; small until the
 *   device's clock is set, as on an ESP32 before SNTP).
 * The firmware's modules are initialised only at boot (`start`), after the host has said the
 * station address and the build config, as on the device where they run after the chip is up.
 */
import { COMMANDS, OPS, type BootInfo } from "../protocol.ts";
import Digital from "./digital.ts";
import { ESPNOW_NATIVES } from "./espnow-natives.ts";
import { installHostLink } from "./host-link.ts";

/** The xsnap globals and the Moddable globals this file sets. */
interface DeviceGlobals {
  gc?: () => void;
  trace: (...text: unknown[]) => void;
  device: { io: { Digital: typeof Digital }; pin: Record<string, number> };
  Native: (destructor: string) => new () => object;
  native: (name: string) => (this: object, ...args: unknown[]) => unknown;
}

/**
 * Sets up the environment; `start` loads the firmware's entry module (its top level boots the
 * device) when the host sends the boot command.
 */
export function installDeviceEnvironment(start: () => unknown): void {
  const link = installHostLink();
  const g = globalThis as unknown as DeviceGlobals;
  g.trace = (...text: unknown[]) => link.post(OPS.trace, text.map(String).join(""));
  g.device = Object.freeze({ io: Object.freeze({ Digital }), pin: Object.freeze({}) });
  g.Native = () =>
    class NativeBase {
      constructor() {}
    };
  g.native = (name: string) => {
    const fn = ESPNOW_NATIVES[name];
    if (!fn) throw new Error(`native ${name}: no stand-in in the XS engine (tools/xs/standins/espnow-natives.ts)`);
    return fn;
  };
  Date.now = () => link.context.wallMs;
  let booted = false;
  link.on(COMMANDS.boot, (info) => {
    if (booted) throw new Error("boot: the firmware is already running");
    booted = true;
    link.boot = info as BootInfo;
    start();
  });
  link.on(COMMANDS.collect, () => {
    if (typeof g.gc !== "function") throw new Error("collect: this XS has no gc()");
    g.gc();
  });
}
