/**
 * The console on the board: reads command lines from the USB serial console and answers them
 * (`docs/console.md`; the interpreter is `firmware/stack/console.ts`).
 *
 * Input: the console UART is owned by the Moddable runtime (it installs the UART driver for
 * `trace` in instrumented builds), so ECMA-419 `embedded:io/serial` cannot open it ("port in
 * use"). The native `console-uart.c` reads what arrived through the runtime's own `ESP_getc()`;
 * this adapter polls it and feeds the bytes to a `LineReader`: every `pollMs` (10 ms) while bytes
 * keep coming and for `activeForMs` (5 s) after the last one, every `idlePollMs` (1 s) otherwise.
 * The UART driver buffers 256 bytes (22 ms at 115200 baud); `bell provision` sends a short `info`
 * first, which wakes the fast polling, and paces long lines at 8 KB/s, so a 10 ms poll never lets
 * the buffer overflow (and a line damaged anyway fails its checksum and is sent again). Output: replies go out through `trace`, like the event lines, so
 * the two never interleave within a line. `reboot` restarts the chip `restartDelayMs` after its
 * reply, so the reply gets out first.
 *
 * Works in the instrumented build the Makefile makes (`mcconfig -i`). A plain release build has
 * no console at all (nothing printed, nothing read: the reader says so and polling stops); under
 * xsbug (`-d`) the debugger reads the UART.
 */
import type { Scheduler } from "../hal/clock.ts";
import type { DeviceApp } from "../hal/device.ts";
import type { Store } from "../hal/store.ts";
import { ConsoleHandler, CONSOLE_LIMITS, type ConsoleReply } from "../stack/console.ts";
import { LineReader } from "../stack/console-lines.ts";
import { HAL_DEFAULTS } from "./hal.ts";
import type { DigestInstance } from "./hmac.ts";
import { IDENTITY_DOMAIN } from "../stack/identity.ts";
import { createScheduler } from "./scheduler.ts";
import type { ModdableSdk } from "./sdk.ts";
import { createPreferenceStore } from "./store.ts";

/** Defaults of `startSerialConsole`. */
export const SERIAL_CONSOLE_DEFAULTS = {
  /** Time between reads of the UART while bytes arrive, ms. */
  pollMs: 10,
  /** Time between reads when nothing has arrived for `activeForMs`, ms. */
  idlePollMs: 1000,
  /** How long the fast polling lasts after the last byte, ms. */
  activeForMs: 5000,
  /** Most bytes taken per read (the native module allows 1…1024). */
  readBytes: 256,
  /** Reads per poll at most, so a flood cannot hold the run loop. */
  readsPerPoll: 8,
  /** Reply → restart, ms. */
  restartDelayMs: 100,
} as const;

/** Options of `startSerialConsole`. */
export interface SerialConsoleOptions {
  role: "caller" | "receiver";
  /**
   * Bytes that arrived, at most `maxBytes`; undefined when none; null when the build has no
   * console (`console-uart.c`), which stops the polling for good.
   */
  readBytes(maxBytes: number): ArrayBuffer | undefined | null;
  /** Writes text to the console (XS `trace`). */
  write(text: string): void;
  scheduler: Scheduler;
  /** The `bell-id` domain. */
  identityStore: Store;
  /** The app's domain (`bell`). */
  appStore: Store;
  /** This chip's station MAC. */
  selfAddress: string;
  /** The running app, or undefined. */
  app(): DeviceApp | undefined;
  /** Restarts the chip (`System.restart()`). */
  restart(): void;
  /** Time between reads while bytes arrive, ms, 1…1000. Default 10. */
  pollMs?: number;
  /** Time between reads when idle, ms, `pollMs`…60000. Default 1000. */
  idlePollMs?: number;
}

/** A running console. */
export interface SerialConsole {
  stop(): void;
}

/**
 * Starts reading and answering the console.
 * @throws RangeError naming `pollMs`; TypeError from `ConsoleHandler` for a missing option.
 */
export function startSerialConsole(options: SerialConsoleOptions): SerialConsole {
  const pollMs = options.pollMs ?? SERIAL_CONSOLE_DEFAULTS.pollMs;
  if (!Number.isInteger(pollMs) || pollMs < 1 || pollMs > 1000) throw new RangeError(`pollMs: must be an integer 1…1000, got ${pollMs}`);
  const idlePollMs = options.idlePollMs ?? SERIAL_CONSOLE_DEFAULTS.idlePollMs;
  if (!Number.isInteger(idlePollMs) || idlePollMs < pollMs || idlePollMs > 60_000) {
    throw new RangeError(`idlePollMs: must be an integer ${pollMs}…60000, got ${idlePollMs}`);
  }
  const activePolls = Math.ceil(SERIAL_CONSOLE_DEFAULTS.activeForMs / pollMs);
  const { scheduler, write } = options;
  const handler = new ConsoleHandler({
    role: options.role,
    identityStore: options.identityStore,
    appStore: options.appStore,
    selfAddress: options.selfAddress,
    app: options.app,
  });
  let stopped = false;
  const answer = (reply: ConsoleReply | undefined) => {
    if (reply === undefined) return;
    write(reply.line + "\n");
    if (reply.reboot) scheduler.schedule(() => options.restart(), SERIAL_CONSOLE_DEFAULTS.restartDelayMs);
  };
  const reader = new LineReader({
    maxLineBytes: CONSOLE_LIMITS.maxLineBytes,
    onLine: (line) => answer(handler.handle(line)),
    onOverflow: (bytes) => answer(handler.overflow(bytes)),
  });
  /** Fast polls left before going idle. */
  let active = 0;
  let timer = scheduler.schedule(poll, idlePollMs);
  function poll(): void {
    if (stopped) return;
    for (let i = 0; i < SERIAL_CONSOLE_DEFAULTS.readsPerPoll; i++) {
      const bytes = options.readBytes(SERIAL_CONSOLE_DEFAULTS.readBytes);
      if (bytes === null) return; // this build has no console: stop polling
      if (bytes === undefined) break;
      active = activePolls;
      reader.push(new Uint8Array(bytes));
    }
    if (active > 0) active--;
    timer = scheduler.schedule(poll, active > 0 ? pollMs : idlePollMs);
  }
  return {
    stop(): void {
      stopped = true;
      scheduler.cancel(timer);
    },
  };
}

/** Options of `startDeviceConsole`. */
export interface DeviceConsoleOptions<T extends object, D extends DigestInstance> {
  sdk: ModdableSdk<T, D>;
  role: "caller" | "receiver";
  /** The running app, or undefined (read at each command). */
  app(): DeviceApp | undefined;
  /** The native reader, `native("xs_console_uart_read")`. */
  readBytes(maxBytes: number): ArrayBuffer | undefined | null;
  /** `System.restart()`. */
  restart(): void;
}

/** Starts the console of a board from its SDK: both Preference domains, the timer, `trace`, the MAC. */
export function startDeviceConsole<T extends object, D extends DigestInstance>(o: DeviceConsoleOptions<T, D>): SerialConsole {
  const { sdk } = o;
  return startSerialConsole({
    role: o.role,
    readBytes: o.readBytes,
    write: (text) => sdk.trace(text),
    scheduler: createScheduler({ timer: sdk.timer }),
    identityStore: createPreferenceStore({ preference: sdk.preference, domain: IDENTITY_DOMAIN }),
    appStore: createPreferenceStore({ preference: sdk.preference, domain: HAL_DEFAULTS.storeDomain }),
    selfAddress: sdk.stationAddress(),
    app: o.app,
    restart: o.restart,
  });
}
