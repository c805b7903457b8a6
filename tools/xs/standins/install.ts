/**
 * Installs the Moddable device environment inside an xsnap machine, then waits for the host's
 * boot command to start the firmware (`bundle.ts` makes this the bundle's entry):
 * - the host link (`handleCommand`) and its `boot` and `collect` commands;
 * - the globals the firmware expects on a Moddable build: `trace` (the console: its lines are the
 *   JSON event stream), `device` (`device.io.Digital` and `device.io.Serial`, the modem UART; no
 *   named pins: the board manifest's `config.pins` governs), and `Native`/`native` for the ESP-NOW module's natives;
 * - `Date.now` reads the simulated wall clock of the running callback (ms; small until the
 *   device's clock is set, as on an ESP32 before SNTP);
 * - the built-ins are then frozen (`harden`), as the XS linker freezes them in every Moddable
 *   build (`documentation/xs/preload.md`; `reference/moddable.md` §7): assigning to an inherited
 *   frozen property — `this.name = …` in an Error subclass — throws here as on the device.
 * The firmware's modules are initialised only at boot (`start`), after the host has said the
 * station address and the build config, as on the device where they run after the chip is up.
 */
import { COMMANDS, OPS, type BootInfo } from "../protocol.ts";
import Digital from "./digital.ts";
import Serial from "./serial.ts";
import { ESPNOW_NATIVES } from "./espnow-natives.ts";
import { installHostLink } from "./host-link.ts";

/** The xsnap globals and the Moddable globals this file sets. */
interface DeviceGlobals {
  gc?: () => void;
  harden?: <T>(value: T) => T;
  trace: (...text: unknown[]) => void;
  device: { io: { Digital: typeof Digital; Serial: typeof Serial }; pin: Record<string, number> };
  Native: (destructor: string) => new () => object;
  native: (name: string) => (this: object, ...args: unknown[]) => unknown;
}

/** The built-in constructors and namespaces whose objects and prototypes preload freezes. */
const BUILTINS = [
  "Object", "Function", "Array", "String", "Number", "Boolean", "Symbol", "BigInt", "Date", "RegExp",
  "Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError", "AggregateError",
  "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "Promise", "Proxy", "Reflect", "JSON", "Math", "Atomics",
  "ArrayBuffer", "SharedArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
  "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
] as const;

/** The console UART's reader (`firmware/moddable/console-uart.c`): null, "no console in this build", so the firmware stops polling it. */
const CONSOLE_NATIVES: Record<string, (...args: unknown[]) => unknown> = { xs_console_uart_read: () => null };

/** Freezes the built-ins, their prototypes and everything reachable from them (XS `harden`). */
function freezeBuiltins(g: DeviceGlobals): void {
  const harden = g.harden;
  if (typeof harden !== "function") throw new Error("this XS has no harden(): cannot freeze the built-ins as preload does");
  const all = globalThis as unknown as Record<string, unknown>;
  for (const name of BUILTINS) if (all[name] !== undefined) harden(all[name]);
}

/**
 * Sets up the environment; `start` loads the firmware's entry module (its top level boots the
 * device) when the host sends the boot command.
 */
export function installDeviceEnvironment(start: () => unknown): void {
  const link = installHostLink();
  const g = globalThis as unknown as DeviceGlobals;
  g.trace = (...text: unknown[]) => link.post(OPS.trace, text.map(String).join(""));
  g.device = Object.freeze({ io: Object.freeze({ Digital, Serial }), pin: Object.freeze({}) });
  g.Native = () =>
    class NativeBase {
      constructor() {}
    };
  g.native = (name: string) => {
    const fn = ESPNOW_NATIVES[name] ?? CONSOLE_NATIVES[name];
    if (!fn) throw new Error(`native ${name}: no stand-in in the XS engine (tools/xs/standins/espnow-natives.ts)`);
    return fn;
  };
  Date.now = () => link.context.wallMs;
  freezeBuiltins(g);
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
